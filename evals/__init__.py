"""Evaluation suites for csops: datasets, scorers, replay of model calls, reports.

A suite (`evals.suite.Suite`) pairs versioned JSONL datasets with a solver and a
scorer. `evals.runner.run` runs suites in one of four modes (`evals.modes`):
offline, replay, live or record, and returns a `RunResult` that the reports
(`evals.reports`), the baseline gate (`evals.baseline`) and `csops eval compare`
read. "Could not score" is always counted apart from "wrong".
"""
