"""The Mermaid rendering of a workflow."""

from __future__ import annotations

from domain.mermaid import workflow_mermaid
from tests.workflow_factory import handoff_workflow, step, workflow


def test_handoff_workflow_diagram():
    assert workflow_mermaid(handoff_workflow()) == (
        "flowchart TD\n"
        '    trigger(["closed won"])\n'
        '    handoff["Handoff<br/>owner: Account Executive<br/>SLA: 2 business days'
        '<br/>handoff: ae → csm"]\n'
        '    kickoff["Kickoff<br/>owner: CSM<br/>SLA: 2 business days"]\n'
        '    onboarding_data["Onboarding data<br/>owner: Customer<br/>'
        'SLA: 2 business days"]\n'
        "    trigger --> handoff\n"
        "    handoff --> kickoff\n"
        "    kickoff --> onboarding_data\n"
        "    classDef external fill:#fff4d6,stroke:#c08a00\n"
        "    class onboarding_data external\n"
    )


def test_labels_cannot_break_the_diagram():
    hostile = step("a", title='Say "hi" <script>]] {x} | #1')
    source = workflow_mermaid(workflow(hostile, trigger=None))
    assert '    a["Say hi script x 1<br/>owner: CSM' in source
    assert '    trigger(["no trigger"])' in source
