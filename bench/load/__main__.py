"""`python -m bench.load`: the same as `python -m bench.load.run`."""

from bench.load.run import main

main()
