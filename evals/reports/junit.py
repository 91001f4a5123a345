"""JUnit XML: a test suite per suite and split, a test case per attempt.

A case below the pass threshold is a <failure> listing its failed checks; a case
that could not be scored is an <error> with the reason, so CI dashboards keep
"wrong" and "could not score" apart as the run does.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from xml.etree import ElementTree

from evals.reports.labels import percent
from evals.results import CaseResult, RunResult


def write_junit(run: RunResult, path: Path) -> Path:
    root = ElementTree.Element("testsuites", name=f"csops-eval {run.manifest.mode}")
    ordered = sorted(run.cases, key=lambda c: (c.suite, c.split))
    for (suite, split), group in groupby(ordered, key=lambda c: (c.suite, c.split)):
        cases = list(group)
        element = ElementTree.SubElement(
            root,
            "testsuite",
            name=f"{suite}.{split}",
            tests=str(len(cases)),
            failures=str(sum(c.status == "scored" and not c.passed for c in cases)),
            errors=str(sum(c.status != "scored" for c in cases)),
            time=f"{sum(c.seconds for c in cases):.3f}",
        )
        for case in cases:
            _testcase(element, case)
    ElementTree.indent(root)
    ElementTree.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path


def _testcase(parent: ElementTree.Element, case: CaseResult) -> None:
    name = case.case_id + (f"#{case.attempt}" if case.attempt else "")
    element = ElementTree.SubElement(
        parent,
        "testcase",
        classname=f"{case.suite}.{case.split}",
        name=name,
        time=f"{case.seconds:.3f}",
    )
    if case.status != "scored":
        error = ElementTree.SubElement(element, "error", message=case.reason or "")
        error.text = case.reason
    elif not case.passed:
        failure = ElementTree.SubElement(
            element, "failure", message=f"score {percent(case.score)}"
        )
        failure.text = "\n".join(
            f"{c.metric}: {c.subject}: expected {c.expected}, got {c.actual}"
            for c in case.failed_checks
        )
