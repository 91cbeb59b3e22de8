"""One way to draw a chart: the parts every chart on the site shares.

Charts are hand-written SVG drawn on the server rather than a plotting library: they
must obey the CSP (no style attributes, so colours come from classes in site.css and
both themes hold), work without JavaScript, and go unchanged into the PDF report. Each
chart module (journal, insights, couple, body, wellbeing) keeps what is its own (what
it draws, and its words) and takes from here what is common:

    svg.py     the markup: one element builder that escapes every value, text, marks,
               a line broken where days are missing, and the safe string at the end
    scales.py  where a value or a day goes on the drawing
    dates.py   the date axis (ticks, month and year labels kept apart), the size of
               points over a long window, days in words
    table.py   the summary-and-table pattern: a drawing is one picture to a screen
               reader, named by a summary in words, with the same figures as a table

Plain Python: nothing of Django here but marking the finished, escaped markup safe.
"""
