"""The demo: made-up people and six months of made-up days, for a newcomer to walk through.

`afterwards demo` serves it from its own data folder, never the real one (cli.py).
story.py writes the days (plain Python, a fixed seed); services.py stores them through
the same services the pages use.
"""
