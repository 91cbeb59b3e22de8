"""The whole suite runs without the network: the guard in tests/conftest.py refuses it."""

from __future__ import annotations

import smtplib
import socket

import pytest

from tests.conftest import NetworkRefused


def test_a_connection_beyond_this_machine_is_refused():
    with pytest.raises(NetworkRefused), socket.socket() as sock:
        sock.connect(("192.0.2.1", 25))  # TEST-NET-1: never a real host
    with pytest.raises(NetworkRefused):
        smtplib.SMTP("192.0.2.1", 25, timeout=1)


def test_loopback_stays_open_for_the_browser_and_the_database():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.socket() as client:
            client.connect(server.getsockname())
