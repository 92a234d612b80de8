"""python-fido2 side of fido.bench.ts: the same CTAP2 operations against the same virtual
authenticator over the same UDP socket backend, timed per operation.

Usage: /usr/bin/python3 fido_bench_python.py PORT PIN ROUNDS
Prints one JSON object: {"getInfo": [ms, ...], "pinToken": [...], "makeCredential": [...], "getAssertion": [...]}.
"""

import hashlib
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers", "python-fido2"))

from fido2.ctap2 import Ctap2  # noqa: E402
from fido2.ctap2.pin import ClientPin, PinProtocolV2  # noqa: E402

from udp_hid import open_udp_device  # noqa: E402

RP_ID = "bench.kiosk.example"


def timed(samples, fn):
    started = time.perf_counter()
    result = fn()
    samples.append((time.perf_counter() - started) * 1000.0)
    return result


def main(port, pin, rounds):
    device = open_udp_device("127.0.0.1", port)
    ctap = Ctap2(device)
    protocol = PinProtocolV2()
    client_pin = ClientPin(ctap, protocol)
    out = {"getInfo": [], "pinToken": [], "makeCredential": [], "getAssertion": []}
    credential = None
    for i in range(rounds):
        timed(out["getInfo"], ctap.get_info)
        token = timed(out["pinToken"], lambda: client_pin.get_pin_token(pin, ClientPin.PERMISSION.MAKE_CREDENTIAL, RP_ID))
        cdh = hashlib.sha256(b"bench registration %d" % i).digest()
        att = timed(out["makeCredential"], lambda: ctap.make_credential(
            cdh,
            {"id": RP_ID, "name": "Bench RP"},
            {"id": os.urandom(16), "name": "bench@example.com", "displayName": "Bench"},
            [{"type": "public-key", "alg": -7}],
            pin_uv_param=protocol.authenticate(token, cdh),
            pin_uv_protocol=2,
        ))
        credential = att.auth_data.credential_data.credential_id
        token = client_pin.get_pin_token(pin, ClientPin.PERMISSION.GET_ASSERTION, RP_ID)
        cdh = hashlib.sha256(b"bench assertion %d" % i).digest()
        timed(out["getAssertion"], lambda: ctap.get_assertion(
            RP_ID, cdh, allow_list=[{"type": "public-key", "id": credential}],
            pin_uv_param=protocol.authenticate(token, cdh), pin_uv_protocol=2,
        ))
    device.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
