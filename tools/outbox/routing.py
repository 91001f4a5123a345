"""Which channel each message takes, and the channels themselves, from settings.

The demo writes every message to files under `data_dir/outbox`; a team sends email
through its SMTP relay. Escalations go to the Slack webhook when one is configured:
managers watch a channel, not a mailbox.
"""

from __future__ import annotations

from domain.nudges import Channel, DraftKind, NudgeDraft
from tools.outbox.channels import Channel as ChannelSender
from tools.outbox.channels import FileChannel, SlackChannel, SmtpChannel
from tools.outbox.queue import ChannelRoute
from tools.settings import Settings


def route_for(settings: Settings) -> ChannelRoute:
    """The channel of a draft under these settings."""
    default = Channel(settings.delivery_channel)
    slack = settings.slack_webhook_url is not None

    def route(draft: NudgeDraft) -> Channel:
        if slack and draft.kind is DraftKind.escalation and not draft.external:
            return Channel.slack
        return default

    return route


def channels_from(settings: Settings) -> dict[str, ChannelSender]:
    """Every channel the settings configure, by name."""
    timeout = settings.delivery_timeout_s
    channels: dict[str, ChannelSender] = {
        Channel.file.value: FileChannel(settings.data_dir / "outbox"),
        Channel.email.value: SmtpChannel(
            settings.smtp_host, settings.smtp_port, settings.mail_from, timeout=timeout
        ),
    }
    if settings.slack_webhook_url is not None:
        url = settings.slack_webhook_url.get_secret_value()
        channels[Channel.slack.value] = SlackChannel(url, timeout=timeout)
    return channels
