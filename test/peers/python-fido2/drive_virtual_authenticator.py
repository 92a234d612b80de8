"""python-fido2 0.9.1 drives the Enrollment Kiosk virtual authenticator over UDP.

Usage: /usr/bin/python3 drive_virtual_authenticator.py PORT

Prints one JSON object per line: {"check": name, "ok": bool, ...observed values...}. The
TypeScript test asserts the values, so a check that "ran" but saw the wrong thing still fails.
Everything is verified with python-fido2's own code: its CTAPHID framing, its strict
canonical-CBOR check, its PIN protocol classes and its packed attestation verifier.
"""

import hashlib
import json
import os
import sys
import traceback

from fido2.attestation import PackedAttestation
from fido2.cose import CoseKey
from fido2.ctap import CtapError
from fido2.ctap2 import Ctap2
from fido2.ctap2.credman import CredentialManagement
from fido2.ctap2.pin import ClientPin, PinProtocolV1, PinProtocolV2

from udp_hid import open_udp_device

RP_ID = "peers.kiosk.example"
PROTOCOLS = {1: PinProtocolV1, 2: PinProtocolV2}


def emit(check, ok, **values):
    print(json.dumps(dict(check=check, ok=ok, **values), sort_keys=True), flush=True)


def run(check, fn):
    try:
        values = fn() or {}
        emit(check, True, **values)
    except Exception as error:  # reported, the next check still runs
        emit(check, False, error="%s: %s" % (type(error).__name__, error), trace=traceback.format_exc(limit=3))


def ctap_error_name(fn):
    try:
        fn()
    except CtapError as error:
        return error.code.name if hasattr(error.code, "name") else str(error.code)
    return None


def main(port):
    device = open_udp_device("127.0.0.1", port)
    ctap = Ctap2(device)
    state = {}

    def get_info():
        info = ctap.get_info()
        return dict(
            versions=info.versions,
            aaguid=info.aaguid.hex(),
            options=info.options,
            maxMsgSize=info.max_msg_size,
            pinUvAuthProtocols=info.pin_uv_protocols,
            minPinLength=info.min_pin_length,
            firmwareVersion=info.firmware_version,
            remainingDiscoverableCredentials=info.remaining_disc_creds,
            algorithms=info.algorithms,
            extensions=info.extensions,
            ctaphidCapabilities=device.capabilities,
        )

    run("getInfo", get_info)

    for version, pins in ((2, ("2468", "13572468")), (1, ("9753", "86429753"))):
        first_pin, second_pin = pins
        refresh = lambda: Ctap2(device)  # clientPin option changes: re-read getInfo
        client_pin = lambda: ClientPin(refresh(), PROTOCOLS[version]())
        p = "protocol%d" % version

        def set_pin():
            client_pin().set_pin(first_pin)
            retries, power_cycle = client_pin().get_pin_retries()
            return dict(clientPinOption=refresh().info.options.get("clientPin"), retries=retries, powerCycle=power_cycle)

        def change_pin():
            wrong = ctap_error_name(lambda: client_pin().change_pin("0000", second_pin))
            retries_after_wrong = client_pin().get_pin_retries()[0]
            client_pin().change_pin(first_pin, second_pin)
            old_refused = ctap_error_name(lambda: client_pin().get_pin_token(first_pin, ClientPin.PERMISSION.GET_ASSERTION, RP_ID))
            return dict(wrongOldPin=wrong, retriesAfterWrong=retries_after_wrong, oldPinAfterChange=old_refused)

        def get_retries():
            retries, power_cycle = client_pin().get_pin_retries()
            return dict(retries=retries, powerCycle=power_cycle)

        def pin_token():
            token = client_pin().get_pin_token(second_pin, ClientPin.PERMISSION.MAKE_CREDENTIAL, RP_ID)
            state["token"] = token
            return dict(tokenLength=len(token), retries=client_pin().get_pin_retries()[0])

        def make_credential():
            protocol = PROTOCOLS[version]()
            cdh = hashlib.sha256(b"python-fido2 registration " + p.encode()).digest()
            user_id = os.urandom(16)
            att = ctap.make_credential(
                cdh,
                {"id": RP_ID, "name": "Peer test RP"},
                {"id": user_id, "name": "ada@" + RP_ID, "displayName": "Ada"},
                [{"type": "public-key", "alg": -7}],
                extensions={"credProtect": 2},
                options={"rk": True},
                pin_uv_param=protocol.authenticate(state["token"], cdh),
                pin_uv_protocol=version,
            )
            result = PackedAttestation().verify(att.att_statement, att.auth_data, cdh)
            cred = att.auth_data.credential_data
            state["credential"] = cred
            state["userId"] = user_id
            return dict(
                fmt=att.fmt,
                attestationType=result.attestation_type.name,
                x5c=len(att.att_statement.get("x5c", [])),
                up=att.auth_data.is_user_present(),
                uv=att.auth_data.is_user_verified(),
                aaguid=cred.aaguid.hex(),
                credentialIdLength=len(cred.credential_id),
                alg=CoseKey.parse(cred.public_key).ALGORITHM,
                extensions=att.auth_data.extensions,
                rpIdHashOk=att.auth_data.rp_id_hash == hashlib.sha256(RP_ID.encode()).digest(),
            )

        def get_assertion():
            protocol = PROTOCOLS[version]()
            token = client_pin().get_pin_token(second_pin, ClientPin.PERMISSION.GET_ASSERTION, RP_ID)
            cdh = hashlib.sha256(b"python-fido2 assertion " + p.encode()).digest()
            without_uv = ctap_error_name(lambda: ctap.get_assertion(RP_ID, cdh))
            assertion = ctap.get_assertion(RP_ID, cdh, pin_uv_param=protocol.authenticate(token, cdh), pin_uv_protocol=version)
            cred = state["credential"]
            assertion.verify(cdh, CoseKey.parse(cred.public_key))
            return dict(
                credProtect2WithoutUv=without_uv,
                sameCredential=assertion.credential["id"] == cred.credential_id,
                userIdMatches=assertion.user["id"] == state["userId"],
                userName=assertion.user.get("name"),
                signCount=assertion.auth_data.counter,
                up=assertion.auth_data.is_user_present(),
                uv=assertion.auth_data.is_user_verified(),
                signatureVerified=True,
            )

        def credential_metadata():
            protocol = PROTOCOLS[version]()
            token = client_pin().get_pin_token(second_pin, ClientPin.PERMISSION.CREDENTIAL_MGMT)
            credman = CredentialManagement(ctap, protocol, token)
            metadata = credman.get_metadata()
            rps = credman.enumerate_rps()
            creds = credman.enumerate_creds(hashlib.sha256(RP_ID.encode()).digest())
            return dict(
                existing=metadata[CredentialManagement.RESULT.EXISTING_CRED_COUNT],
                remaining=metadata[CredentialManagement.RESULT.MAX_REMAINING_COUNT],
                rpIds=[rp[CredentialManagement.RESULT.RP]["id"] for rp in rps],
                credProtect=[c[CredentialManagement.RESULT.CRED_PROTECT] for c in creds],
            )

        def reset():
            ctap.reset()
            info = refresh().info
            return dict(clientPinOption=info.options.get("clientPin"), remainingDiscoverableCredentials=info.remaining_disc_creds)

        run("setPIN/" + p, set_pin)
        run("changePIN/" + p, change_pin)
        run("getRetries/" + p, get_retries)
        run("pinToken/" + p, pin_token)
        run("makeCredential/" + p, make_credential)
        run("getAssertion/" + p, get_assertion)
        run("credentialMetadata/" + p, credential_metadata)
        run("reset/" + p, reset)

    device.close()


if __name__ == "__main__":
    main(int(sys.argv[1]))
