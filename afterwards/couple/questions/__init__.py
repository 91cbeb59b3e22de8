"""A question for the two of you: each answers alone, and sees the other's answer only
once they have answered too.

- library.py: the questions (library.toml, our own words) and their themes, each with
  the sources that say why it matters (sources.toml); which question a day brings.
- pairing.py: a secret only the two people can compute, which picks the day's question
  and tags each answer's copy for the partner.
- answers.py: a person's rhythm and themes, their answers, the copies for the partner,
  replies, hiding, skipping; what a page may show.

The design, in short. Each answer is the person's own vault entry (QUESTION_ANSWER),
never wrapped. As it is saved, a copy of it (QUESTION_COPY) is written at once and boxed
to the partner's pinned key, under a tag only the two can compute (pairing.copy_tag).
A reader's pages look up the partner's copies only by the tags of the questions the
reader has answered, and only when the reader's own copy reached the partner: so until
someone has answered a question themselves, their pages never read, and cannot show,
whether the partner answered it, when, or how much they wrote. The host sees that a
copy row exists (someone answered something), never which question or day, nor its
words (docs/threat-model.md).
"""
