"""The words of offline nudges, digests and escalations, as Jinja2 templates.

Text bodies render in a plain environment; HTML bodies in an autoescaping one, so a
step title or account name holding markup reaches the reader as text. Both render
from the same variables, so policy checks the same facts whichever the reader sees.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, StrictUndefined, Template

SUBJECTS = {
    "assigned": "New for you: {{ title }} ({{ account }})",
    "reminder": "Reminder: {{ title }} ({{ account }}) is due {{ due }}",
    "due": "Due now: {{ title }} ({{ account }})",
    "overdue": "Overdue: {{ title }} ({{ account }})",
    "escalation": "Escalation: {{ title }} ({{ account }}) is past due",
    "unresolved_role": "Nobody owns {{ title }} ({{ account }})",
    "digest": "{{ items | length }} things owed this week",
    "unrouted": "Nobody to tell: {{ title }} ({{ account }})",
}

NUDGE_TEXT = """Hi {{ first_name }},

{{ opening }}

What: {{ title }} for {{ account }}{% if workflow %} ({{ workflow }}){% endif %}.
Why it matters: {{ why }}
Due: {{ due }} (your time).
{% if needs %}What you need: {{ needs }}
{% endif %}{% if action_url %}
Do it here (one click, no login): {{ action_url }}
{% else %}
When it is done: {{ done_how }}
{% endif %}
-- csops, on behalf of {{ sender }}
"""

NUDGE_HTML = """<p>Hi {{ first_name }},</p>
<p>{{ opening }}</p>
<ul>
<li><b>What:</b> {{ title }} for {{ account }}
{%- if workflow %} ({{ workflow }}){% endif %}</li>
<li><b>Why it matters:</b> {{ why }}</li>
<li><b>Due:</b> {{ due }} (your time)</li>
{% if needs %}<li><b>What you need:</b> {{ needs }}</li>{% endif %}
</ul>
{% if action_url -%}
<p><a href="{{ action_url }}">Do it here</a> (one click, no login)</p>
{% else %}<p>When it is done: {{ done_how }}</p>{% endif %}
<p>-- csops, on behalf of {{ sender }}</p>
"""

DIGEST_TEXT = """Hi {{ first_name }},

{{ items | length }} items are waiting on you:
{% for item in items %}
- {{ item.title }} for {{ item.account }}: due {{ item.due }}{% if item.action_url %}
  {{ item.action_url }}{% endif %}
{% endfor %}
-- csops
"""

DIGEST_HTML = """<p>Hi {{ first_name }},</p>
<p>{{ items | length }} items are waiting on you:</p>
<ul>{% for item in items %}
<li>{{ item.title }} for {{ item.account }}: due {{ item.due }}{% if item.action_url %}
 (<a href="{{ item.action_url }}">do it here</a>){% endif %}</li>{% endfor %}
</ul>
<p>-- csops</p>
"""

ESCALATION_TEXT = """Hi {{ first_name }},

{{ title }} for {{ account }} is past due: it was due {{ due }}.
Owner: {{ owners }}. {{ reason }}

Escalation package ({{ package_source }}):
{% for line in package %}- {{ line }}
{% endfor %}
Decide in the inbox (`csops inbox`): acknowledge, reassign, extend the SLA
with a reason, or close.
-- csops
"""

ESCALATION_HTML = """<p>Hi {{ first_name }},</p>
<p><b>{{ title }}</b> for {{ account }} is past due: it was due {{ due }}.
Owner: {{ owners }}. {{ reason }}</p>
<p>Escalation package ({{ package_source }}):</p>
<ul>{% for line in package %}<li>{{ line }}</li>{% endfor %}</ul>
<p>Decide in the inbox: acknowledge, reassign, extend the SLA (with a reason) or
close.</p>
"""

OPENINGS = {
    "assigned": "A step in {{ account }}'s journey is now yours.",
    "reminder": "A friendly reminder: this is coming up.",
    "due": "This is due now.",
    "overdue": "This is past its due time; a quick update helps everyone.",
    "unresolved_role": "Nobody fills the role that owns this step; please assign "
    "someone.",
    "unrouted": "Nobody can hear about this ({{ reason }}): the role meant to hear "
    "it is unfilled and the run has no CS manager. Assign someone, or handle it.",
}


@cache
def _environments() -> tuple[Environment, Environment]:
    text = Environment(autoescape=False, undefined=StrictUndefined)
    html = Environment(autoescape=True, undefined=StrictUndefined)
    return text, html


@cache
def text_template(source: str) -> Template:
    """A compiled plain-text template (cached: the sweep renders thousands)."""
    return _environments()[0].from_string(source)


@cache
def html_template(source: str) -> Template:
    """A compiled autoescaping HTML template."""
    return _environments()[1].from_string(source)
