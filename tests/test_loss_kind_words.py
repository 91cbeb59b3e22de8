"""Words that fit the loss: nothing a person reads names a kind of loss (a miscarriage, an
ectopic or molar pregnancy, a stillbirth, a termination for medical reasons) unless the
words are keyed to that kind, and so shown only to someone who named it in About your
loss (PRODUCT.md, principle 5: no assumptions about the kind of loss).

What is keyed, and how it is read here:
- a card: its body between "::: <kinds>" lines (guidance/markdown.py); its title and
  topic, and "::: else", are for everyone;
- a template: inside `{% ifkind <kinds> %}` or `{% elifkind <kinds> %}`
  (guidance/templatetags/loss_kind.py); its `{% else %}` is for everyone, and comments,
  which nobody reads, are left out;
- a Python string (docstrings aside): inside an `if` (or `x if … else y`) that tests the
  kind against that kind (`== "ectopic"`, `in ("stillbirth", "tfmr")`, `in SOME_KINDS`),
  or a value in a dict under that kind's key. The one place that lists every kind, the
  choices of About your loss (loss/about.py KINDS), is such a dict: each label sits
  under its own kind, so it needs no allowance.

Each kind is known by the words that name it or a treatment only it has here
(methotrexate is the ectopic leaflet's [S33]). Content files in TOML are left to their
own tests: a help line names its organisation and is keyed by its `for` list
(tests/support), and a source is named by its own title. A hit fails with file:line,
the words and the kinds they may be shown to.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

from afterwards.guidance import cards, markdown
from afterwards.guidance.kinds import LOSS_KINDS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "afterwards"

KIND_WORDS = {
    "miscarriage": r"miscarr\w*",
    "ectopic": r"ectopic|methotrexate",
    "molar": r"molar|hydatidiform|trophoblastic",
    "stillbirth": r"still-?\s*births?|stillborn|born\s+still",
    "tfmr": r"tfmr|terminat\w*|for\s+medical\s+reasons|abortion",
}
PATTERN = re.compile(
    "|".join(rf"(?P<{kind}>\b(?:{words}))" for kind, words in KIND_WORDS.items()), re.IGNORECASE
)

# Strings that name a kind where no reader's kind chooses them: (file, words in the
# string) -> why they may.
ALLOWED = {
    ("afterwards/journal/red_flags.py", "can be a sign of an ectopic pregnancy"): (
        "a red flag says why a sign matters, and shoulder-tip pain and pain when peeing or "
        "pooing are signs of an ectopic pregnancy in the clinical facts [S28, S29, S31]; the "
        "words are shown only to someone who ticked the sign, and the sign needs care "
        "whatever their loss"
    ),
}


@dataclass(frozen=True)
class Hit:
    path: Path
    line: int
    words: str
    kind: str
    allowed: frozenset[str]

    def __str__(self) -> str:
        shown = ", ".join(sorted(self.allowed)) or "everyone"
        return (
            f"{_where(self.path)}:{self.line}: {self.words!r} names a kind of loss "
            f"({self.kind}), in words shown to {shown}"
        )


def _where(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def kind_words(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, words, kind) for every word in `text` that names a kind of loss."""
    for match in PATTERN.finditer(text):
        kind = next(name for name, value in match.groupdict().items() if value)
        yield match.start(), match.group(0), kind


def _hits(path: Path, text: str, first_line: int, allowed: frozenset[str]) -> list[Hit]:
    return [
        Hit(path, first_line + text.count("\n", 0, offset), words, kind, allowed)
        for offset, words, kind in kind_words(text)
        if kind not in allowed
    ]


# --- Cards ----------------------------------------------------------------------------


def scan_card(path: Path) -> list[Hit]:
    source = path.read_text(encoding="utf-8")
    card = cards.parse(source, path=path, language=path.parent.name)
    hits = _hits(path, f"{card.title}\n{card.topic}", 1, frozenset())
    offset = source[: source.index(card.body)].count("\n")  # the front matter's lines
    for part in markdown.parts(card.body, kinds=LOSS_KINDS):
        hits += _hits(path, "\n".join(part.lines), offset + part.first, part.kinds)
    return hits


# --- Templates ------------------------------------------------------------------------


def scan_template(path: Path) -> list[Hit]:
    """Text, variables and tags, in order, each with the kinds of the ifkind branch it
    sits in (an if or a for inside a branch is still in it); comments are nobody's words
    and are left out."""
    source = path.read_text(encoding="utf-8")
    tokens = Lexer(source).tokenize()
    closed = {
        t.contents.split()[0][3:]
        for t in tokens
        if t.token_type == TokenType.BLOCK and t.contents.startswith("end")
    }
    open_blocks: list[tuple[str, frozenset[str]]] = []  # (tag, the kinds of its branch)
    hits: list[Hit] = []
    for token in tokens:
        if token.token_type == TokenType.COMMENT:
            continue
        words = token.contents.split() if token.token_type == TokenType.BLOCK else []
        command = words[0] if words else ""
        if any(tag == "comment" for tag, _ in open_blocks) and command != "endcomment":
            continue
        if command.startswith("end") and command[3:] in closed:
            while open_blocks and open_blocks.pop()[0] != command[3:]:
                pass
            continue
        if command == "elifkind":
            open_blocks[-1] = ("ifkind", frozenset(words[1:]))
            continue
        if command == "else" and open_blocks and open_blocks[-1][0] == "ifkind":
            open_blocks[-1] = ("ifkind", frozenset())
            continue
        if command in closed:
            open_blocks.append((command, frozenset(words[1:])))
            if command in {"ifkind", "comment"}:
                continue
        kinds = next((k for tag, k in reversed(open_blocks) if tag == "ifkind"), frozenset())
        hits += _hits(path, token.contents, token.lineno, kinds)
    return hits


# --- Python strings -------------------------------------------------------------------


def _kinds_named(node: ast.expr, module: str) -> frozenset[str]:
    """The kinds an `if` test keys its body to: `x == "k"`, `x in ("k", …)`, `x in NAME`."""
    found: set[str] = set()
    for compare in (n for n in ast.walk(node) if isinstance(n, ast.Compare)):
        for op, right in zip(compare.ops, compare.comparators, strict=True):
            if isinstance(op, ast.Eq) and isinstance(right, ast.Constant):
                found.add(str(right.value))
            elif isinstance(op, ast.In):
                found |= _collection(right, module)
    return frozenset(found)


def _collection(node: ast.expr, module: str) -> set[str]:
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return {str(e.value) for e in node.elts if isinstance(e, ast.Constant)}
    # A constant's name (LATER_KINDS, about.KINDS): read from the module, imported only then.
    if isinstance(node, ast.Name | ast.Attribute) and ast.unparse(node).split(".")[-1].isupper():
        value: object = importlib.import_module(module)
        for name in ast.unparse(node).split("."):
            value = getattr(value, name, None)
        if isinstance(value, tuple | list | set | frozenset | dict):
            return {str(item) for item in value}
    return set()


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


# What keys a string: the test of an `if` around it, or the key of a dict it is a value in.
Keys = tuple[ast.expr, ...]


def _keyed_strings(node: ast.AST, keys: Keys = ()) -> Iterator[tuple[ast.Constant, Keys]]:
    """Every string constant under `node`, with what keys it (read only for a hit)."""
    if isinstance(node, ast.If | ast.IfExp):
        yield from _keyed_strings(node.test, keys)
        for child in node.body if isinstance(node.body, list) else [node.body]:
            yield from _keyed_strings(child, (*keys, node.test))
        for child in node.orelse if isinstance(node.orelse, list) else [node.orelse]:
            yield from _keyed_strings(child, keys)
        return
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None:
                yield from _keyed_strings(key, keys)
            yield from _keyed_strings(value, (*keys, key) if key is not None else keys)
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node, keys
        return
    for child in ast.iter_child_nodes(node):
        yield from _keyed_strings(child, keys)


def _kinds_keyed(keys: Keys, module: str) -> frozenset[str]:
    kinds: set[str] = set()
    for key in keys:
        if isinstance(key, ast.Constant):  # a dict's key
            kinds.add(str(key.value))
        else:
            kinds |= _kinds_named(key, module)
    return frozenset(kinds & set(LOSS_KINDS))


def scan_python(path: Path, module: str = "") -> list[Hit]:
    """Every string constant but docstrings and a kind's own key ("ectopic"), with the
    kinds the code around it keys it to; `module` is imported to read a name like
    `LATER_KINDS` in `kind in LATER_KINDS`."""
    source = path.read_text(encoding="utf-8")
    if not PATTERN.search(source):
        return []
    module = module or ".".join(path.relative_to(ROOT).with_suffix("").parts)
    tree = ast.parse(source, filename=str(path))
    docstrings = _docstrings(tree)
    hits = []
    for node, keys in _keyed_strings(tree):
        if id(node) in docstrings or node.value in LOSS_KINDS or not PATTERN.search(node.value):
            continue
        if any(_where(path) == file and words in node.value for file, words in ALLOWED):
            continue
        hits += _hits(path, node.value, node.lineno, _kinds_keyed(keys, module))
    return hits


# --- The product ----------------------------------------------------------------------


def _report(hits: list[Hit]) -> str:
    return "A kind of loss named outside words keyed to it:\n  " + "\n  ".join(map(str, hits))


def card_files() -> list[Path]:
    return sorted(cards.FOLDER.glob("*/*.md"))


def template_files() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and "templates" in path.relative_to(PACKAGE).parts
    )


def python_modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


def test_no_card_names_a_kind_of_loss_outside_words_keyed_to_it():
    found = card_files()
    assert any(path.stem == "person-body-timeline" for path in found)
    hits = [hit for path in found for hit in scan_card(path)]
    assert not hits, _report(hits)


def test_no_template_names_a_kind_of_loss_outside_words_keyed_to_it():
    found = template_files()
    assert any(path.name == "index.html" and path.parent.name == "body" for path in found)
    hits = [hit for path in found for hit in scan_template(path)]
    assert not hits, _report(hits)


def test_no_python_message_names_a_kind_of_loss_outside_words_keyed_to_it():
    hits = [hit for path in python_modules() for hit in scan_python(path)]
    assert not hits, _report(hits)


def test_every_allowance_is_still_needed():
    """An allowance no string needs any more is taken out, so the list stays honest."""
    for file, words in ALLOWED:
        tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
        strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
        assert any(isinstance(value, str) and words in value for value in strings), file


# --- The check itself -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("After a miscarriage", ["miscarriage"]),
        ("Miscarriages", ["miscarriage"]),
        ("an ectopic pregnancy; methotrexate", ["ectopic", "ectopic"]),
        ("a molar pregnancy", ["molar"]),
        ("a stillbirth, stillborn, still birth", ["stillbirth"] * 3),
        ("Termination for medical reasons (TFMR)", ["tfmr", "tfmr", "tfmr"]),
        ("after a loss, a later loss, an early loss", []),
        ("premolar, unterminated", []),
    ],
)
def test_the_check_knows_each_kind_by_its_words(text, kinds):
    assert [kind for _, _, kind in kind_words(text)] == kinds


def _card(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "en" / "x.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        '+++\nid = "x"\ntitle = "t"\naudience = "both"\ntopic = "t"\nsources = ["S47"]\n'
        f"reviewed = 2026-11-01\nreview_by = 2027-11-01\n+++\n{body}"
    )
    return path


def test_a_card_may_name_a_kind_only_in_that_kinds_branch(tmp_path):
    body = (
        "For all.\n"
        "::: miscarriage\n- About two weeks after a miscarriage.\n"
        "::: ectopic\n- After a miscarriage too.\n"
        "::: else\n- After an ectopic pregnancy.\n"
        ":::\n"
        "A stillbirth.\n"
    )
    hits = scan_card(_card(tmp_path, body))
    assert [(hit.line, hit.words, hit.kind) for hit in hits] == [
        (14, "miscarriage", "miscarriage"),
        (16, "ectopic", "ectopic"),
        (18, "stillbirth", "stillbirth"),
    ]
    assert "'miscarriage' names a kind of loss (miscarriage), in words shown to ectopic" in str(
        hits[0]
    )


def test_a_template_may_name_a_kind_only_inside_ifkind_for_it(tmp_path):
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text(
        "{% load loss_kind %}{# a miscarriage #}\n"
        "{% ifkind miscarriage %}<p>After a miscarriage</p>\n"
        "{% elifkind stillbirth tfmr %}{% if x %}a stillbirth{% else %}a TFMR{% endif %}\n"
        "{% else %}<p>After a loss, or a molar pregnancy</p>{% endifkind %}\n"
        "{% comment %}an ectopic pregnancy{% endcomment %}\n"
        '{% if y %}{% include "x.html" with words="ectopic" %}{% else %}miscarriage{% endif %}\n'
    )
    hits = scan_template(template)
    assert [(hit.line, hit.words) for hit in hits] == [
        (4, "molar"),
        (6, "ectopic"),
        (6, "miscarriage"),
    ]


def test_a_python_string_may_name_a_kind_only_where_the_kind_is_tested(tmp_path):
    module = tmp_path / "afterwards" / "words.py"
    module.parent.mkdir()
    module.write_text(
        '"""A docstring may say miscarriage."""\n'
        'LABELS = {"ectopic": "Ectopic pregnancy", "other": "Not a stillbirth"}\n'
        "def why(kind):\n"
        '    if kind == "ectopic":\n'
        '        return "An ectopic pregnancy"\n'
        '    if kind in ("stillbirth", "tfmr"):\n'
        '        return "After a stillbirth" if kind == "stillbirth" else "After a TFMR"\n'
        '    return "After a miscarriage"\n'
    )
    hits = scan_python(module, "afterwards.guidance.kinds")
    assert [(hit.line, hit.words, sorted(hit.allowed)) for hit in hits] == [
        (2, "stillbirth", []),
        (8, "miscarriage", []),
    ]
