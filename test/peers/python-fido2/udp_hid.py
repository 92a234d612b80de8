"""A python-fido2 (0.9.1) CTAPHID connection over UDP on the loopback.

One datagram carries exactly one 64-byte HID report without a report id, as the Enrollment
Kiosk's virtual authenticator server expects. python-fido2's own CtapHidDevice then does all
of CTAPHID (INIT, framing, keepalive) itself, so the virtual key is checked by an independent
implementation.
"""

import socket

from fido2.hid import CtapHidDevice
from fido2.hid.base import CtapHidConnection, HidDescriptor

REPORT_SIZE = 64


class UdpCtapHidConnection(CtapHidConnection):
    def __init__(self, host, port, timeout=10.0):
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.connect((host, port))
        self._sock.settimeout(timeout)

    def write_packet(self, data):
        if len(data) != REPORT_SIZE:
            raise ValueError("a HID report is %d bytes, got %d" % (REPORT_SIZE, len(data)))
        self._sock.send(data)

    def read_packet(self):
        while True:
            data = self._sock.recv(REPORT_SIZE + 1)
            if len(data) == REPORT_SIZE:
                return data

    def close(self):
        self._sock.close()


def open_udp_device(host, port, timeout=10.0):
    """A CtapHidDevice talking to the virtual authenticator at host:port."""
    descriptor = HidDescriptor("virtual:%s:%d" % (host, port), 0, 0, REPORT_SIZE, REPORT_SIZE)
    return CtapHidDevice(descriptor, UdpCtapHidConnection(host, port, timeout))
