"""Build the model access for a mode."""

from __future__ import annotations

from pathlib import Path

from evals.modes.access import LiveAccess, Mode, ModelAccess, RecordAccess
from evals.modes.replay import ReplayAccess
from tools.settings import Settings


def model_access(
    mode: Mode, settings: Settings, suite: str, recordings_dir: Path
) -> ModelAccess:
    """The access object for `mode`.

    Raises:
        ModeUnavailableError: live or record without a configured model.
        RecordingFileError: replay over a recordings file with a bad line.
    """
    if mode == "replay":
        return ReplayAccess(settings, suite, recordings_dir)
    if mode == "live":
        return LiveAccess(settings)
    if mode == "record":
        return RecordAccess(settings, suite, recordings_dir)
    return ModelAccess(settings)
