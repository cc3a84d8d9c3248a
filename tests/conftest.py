"""Shared fixtures. Tests never touch the network: any connection off this machine fails loudly."""

from __future__ import annotations

import socket

import pytest

_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and not host.startswith("/"):
        raise RuntimeError(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(scope="session")
def resolver():
    """The full embedded gazetteer (built once into data/geo, then loaded from the cache)."""
    from geo import load_resolver

    return load_resolver()


@pytest.fixture(scope="session")
def extractor(resolver):
    """spaCy and the gazetteer, loaded once for all extraction tests."""
    from events import Extractor

    return Extractor(resolver=resolver)
