"""Channels: SMTP against a local server, Slack through respx, the file channel."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import SLACK_WEBHOOK
from tools.outbox.channels import (
    FileChannel,
    MaybeSent,
    Message,
    NotSent,
    SlackChannel,
    SmtpChannel,
)

MESSAGE = Message(
    delivery_key="3f1c0a9b7e2d4c6a8b0e1f2a3b4c5d6e7f8a9b0c",
    to="chloe@acme.test",
    to_name="Chloe Park",
    subject="Reminder: Onboarding data (Acme)",
    text="Hi Chloe,\n\nPlease send the onboarding data.\n",
    html="<p>Hi Chloe,</p><p>Please send the onboarding data.</p>",
)


def test_smtp_delivers_text_and_html_with_the_key_as_message_id(smtp_server):
    channel = SmtpChannel("127.0.0.1", smtp_server.port, "cs@vendor.test")
    channel.send(MESSAGE)

    (received,) = smtp_server.handler.messages
    assert received["To"] == "Chloe Park <chloe@acme.test>"
    assert received["Message-ID"] == f"<{MESSAGE.delivery_key}@csops>"
    parts = [part.get_content_type() for part in received.walk()]
    assert parts == ["multipart/alternative", "text/plain", "text/html"]
    assert channel.confirm(MESSAGE) is None


def test_smtp_that_cannot_connect_has_sent_nothing():
    channel = SmtpChannel("127.0.0.1", 9, "cs@vendor.test", timeout=0.5)
    with pytest.raises(NotSent, match=r"could not connect to 127\.0\.0\.1:9"):
        channel.send(MESSAGE)


def test_smtp_silent_after_the_message_may_have_sent_it(smtp_server):
    smtp_server.handler.delay = 1.0
    channel = SmtpChannel("127.0.0.1", smtp_server.port, "cs@vendor.test", timeout=0.3)
    with pytest.raises(MaybeSent, match="no answer after the message was sent"):
        channel.send(MESSAGE)


def test_slack_posts_the_subject_and_text(slack_routes):
    slack_routes["webhook"].return_value = httpx.Response(200, text="ok")
    SlackChannel(SLACK_WEBHOOK).send(MESSAGE)

    request = slack_routes["webhook"].calls.last.request
    assert request.read() == (
        b'{"text":"*Reminder: Onboarding data (Acme)*\\nHi Chloe,\\n\\n'
        b'Please send the onboarding data.\\n"}'
    )


@pytest.mark.parametrize(
    ("answer", "error", "permanent"),
    [
        (httpx.ConnectError("refused"), NotSent, False),
        (httpx.ReadTimeout("no answer"), MaybeSent, False),
        (httpx.Response(503, text="unavailable"), NotSent, False),
        (httpx.Response(404, text="no_service"), NotSent, True),
    ],
)
def test_slack_failures_say_whether_a_retry_is_safe(
    slack_routes, answer, error, permanent
):
    slack_routes["webhook"].side_effect = [answer]
    with pytest.raises(error) as raised:
        SlackChannel(SLACK_WEBHOOK).send(MESSAGE)
    assert raised.value.permanent is permanent


def test_the_file_channel_writes_once_and_knows_what_it_wrote(tmp_path):
    channel = FileChannel(tmp_path / "outbox")
    assert channel.confirm(MESSAGE) is False
    channel.send(MESSAGE)
    assert channel.confirm(MESSAGE) is True
    written = (tmp_path / "outbox" / f"{MESSAGE.delivery_key}.eml").read_text()
    assert "Subject: Reminder: Onboarding data (Acme)" in written
    assert list((tmp_path / "outbox").iterdir()) == [
        tmp_path / "outbox" / f"{MESSAGE.delivery_key}.eml"
    ]
