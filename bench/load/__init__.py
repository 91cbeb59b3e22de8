"""`make bench-load`: Locust over HTTP against `afterwards serve`, beside a floor driven by
the same people in the same run (run.py says how; mix.py is what a person does)."""
