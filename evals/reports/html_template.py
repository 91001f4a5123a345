"""The HTML report's Jinja template (autoescaped: case text is user-written).

Kept as a module constant so it ships with the package without a package-data rule.
"""

REPORT_TEMPLATE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>csops eval {{ manifest.run_id }}</title>
<style>
 body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1d2330; }
 table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
 th, td { border: 1px solid #d5d9e0; padding: .25rem .5rem; text-align: left;
          vertical-align: top; }
 th { background: #f1f3f7; }
 td.num { text-align: right; }
 .bad { background: #fde8e8; } .ok { background: #eaf7ee; }
 .unscored { background: #fff6db; }
 .label { display: inline-block; padding: .1rem .5rem; border-radius: .3rem;
          background: #e8eefc; }
 details { margin: .3rem 0; } summary { cursor: pointer; }
 pre { white-space: pre-wrap; background: #f7f8fa; padding: .5rem; }
</style>
</head>
<body>
<h1>csops eval · {{ manifest.run_id }}</h1>
<p><span class="label">{{ manifest.mode_label }}</span>
 model {{ manifest.model_id }} · git {{ manifest.git_sha or "unknown" }}
 {%- if manifest.git_dirty %} (uncommitted changes){% endif %}
 · {{ manifest.started_at }} · {{ "%.1f"|format(manifest.seconds or 0) }}s</p>
<table>
 <tr><th>dataset</th><th>split</th><th>cases</th><th>malformed</th><th>sha256</th></tr>
 {% for d in manifest.datasets %}
 <tr><td>{{ d.suite }}/{{ d.name }}</td><td>{{ d.split }}</td>
  <td class="num">{{ d.cases }}</td><td class="num">{{ d.malformed }}</td>
  <td><code>{{ d.sha256[:16] }}</code></td></tr>
 {% endfor %}
</table>
{% for group in groups %}
<h2>{{ group.suite }} · {{ group.split }}
 {%- if group.split == "heldout" %} (held out){% endif %}</h2>
<table>
 <tr><th>slice</th><th>cases</th><th>unscored</th>
  {% for m in group.metrics %}<th>{{ short(m) }}</th>{% endfor %}
  <th>pass [95% CI]</th></tr>
 {% for s in group.slices %}
 <tr><td>{{ s.slice }}</td><td class="num">{{ s.cases }}</td>
  <td class="num">{{ s.could_not_score or "" }}</td>
  {% for m in group.metrics %}
  <td class="num">{{ percent(s.metrics.get(m)) }}</td>
  {% endfor %}
  <td class="num">{{ percent(s.pass_rate) }}{{ interval(s.pass_interval) }}</td></tr>
 {% endfor %}
</table>
<h3>cases</h3>
{% for case in group.cases %}
<details{% if case.status != "scored" or not case.passed %} open{% endif %}>
 <summary class="{{ 'unscored' if case.status != 'scored'
                   else ('ok' if case.passed else 'bad') }}">
  {{ case.case_id }}{% if case.attempt %} #{{ case.attempt }}{% endif %} ·
  {% if case.status == "scored" %}score {{ percent(case.score) }},
   {{ case.failed_checks|length }} failed check(s)
  {% else %}could not score{% endif %}
  · {{ case.tags|join(", ") }}</summary>
 {% if case.reason %}<p class="unscored">{{ case.reason }}</p>{% endif %}
 {% if case.case_text %}<pre>{{ case.case_text }}</pre>{% endif %}
 {% if case.checks %}
 <table>
  <tr><th>metric</th><th>what</th><th>expected</th><th>got</th></tr>
  {% for c in case.checks %}
  <tr class="{{ 'ok' if c.ok else 'bad' }}"><td>{{ short(c.metric) }}</td>
   <td>{{ c.subject }}</td><td>{{ c.expected }}</td><td>{{ c.actual }}</td></tr>
  {% endfor %}
 </table>
 {% endif %}
 {% if case.output %}<pre>{{ case.output|tojson(indent=1) }}</pre>{% endif %}
</details>
{% endfor %}
{% endfor %}
</body>
</html>
"""
