"""libfido2 (Debian's libfido2.so.1) drives the Enrollment Kiosk virtual authenticator.

Usage: /usr/bin/python3 drive_virtual_authenticator.py PORT

libfido2 does all of CTAPHID and CTAP2 itself; we only hand it I/O callbacks
(fido_dev_set_io_functions) that move its 64-byte HID reports over UDP. libfido2 writes each
report with a leading report-id byte (65 bytes, id 0, as for hidraw): the callback strips it,
so one datagram is exactly one 64-byte report. Prints one JSON object per line.
"""

import ctypes
import ctypes.util
import hashlib
import json
import os
import socket
import sys
import traceback

REPORT_SIZE = 64
FIDO_OK = 0
FIDO_OPT_TRUE = 2
COSE_ES256 = -7
FIDO_CRED_PROT_UV_REQUIRED = 0x03
RP_ID = "peers.kiosk.example"
FIRST_PIN, SECOND_PIN = "4826", "59371482"

c = ctypes
lib = c.CDLL("libfido2.so.1")
P = c.c_void_p


def sig(name, restype, *argtypes):
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


OPEN_T = c.CFUNCTYPE(c.c_void_p, c.c_char_p)
CLOSE_T = c.CFUNCTYPE(None, c.c_void_p)
READ_T = c.CFUNCTYPE(c.c_int, c.c_void_p, c.POINTER(c.c_ubyte), c.c_size_t, c.c_int)
WRITE_T = c.CFUNCTYPE(c.c_int, c.c_void_p, c.POINTER(c.c_ubyte), c.c_size_t)


class FidoDevIo(c.Structure):
    _fields_ = [("open", OPEN_T), ("close", CLOSE_T), ("read", READ_T), ("write", WRITE_T)]


fido_init = sig("fido_init", None, c.c_int)
fido_strerr = sig("fido_strerr", c.c_char_p, c.c_int)
fido_dev_new = sig("fido_dev_new", P)
fido_dev_free = sig("fido_dev_free", None, c.POINTER(P))
fido_dev_set_io_functions = sig("fido_dev_set_io_functions", c.c_int, P, c.POINTER(FidoDevIo))
fido_dev_open = sig("fido_dev_open", c.c_int, P, c.c_char_p)
fido_dev_close = sig("fido_dev_close", c.c_int, P)
fido_dev_is_fido2 = sig("fido_dev_is_fido2", c.c_bool, P)
fido_dev_has_pin = sig("fido_dev_has_pin", c.c_bool, P)
fido_dev_set_pin = sig("fido_dev_set_pin", c.c_int, P, c.c_char_p, c.c_char_p)
fido_dev_get_retry_count = sig("fido_dev_get_retry_count", c.c_int, P, c.POINTER(c.c_int))
fido_dev_reset = sig("fido_dev_reset", c.c_int, P)

fido_cbor_info_new = sig("fido_cbor_info_new", P)
fido_cbor_info_free = sig("fido_cbor_info_free", None, c.POINTER(P))
fido_dev_get_cbor_info = sig("fido_dev_get_cbor_info", c.c_int, P, P)
info_versions_ptr = sig("fido_cbor_info_versions_ptr", c.POINTER(c.c_char_p), P)
info_versions_len = sig("fido_cbor_info_versions_len", c.c_size_t, P)
info_extensions_ptr = sig("fido_cbor_info_extensions_ptr", c.POINTER(c.c_char_p), P)
info_extensions_len = sig("fido_cbor_info_extensions_len", c.c_size_t, P)
info_aaguid_ptr = sig("fido_cbor_info_aaguid_ptr", c.POINTER(c.c_ubyte), P)
info_aaguid_len = sig("fido_cbor_info_aaguid_len", c.c_size_t, P)
info_options_name_ptr = sig("fido_cbor_info_options_name_ptr", c.POINTER(c.c_char_p), P)
info_options_value_ptr = sig("fido_cbor_info_options_value_ptr", c.POINTER(c.c_bool), P)
info_options_len = sig("fido_cbor_info_options_len", c.c_size_t, P)
info_maxmsgsiz = sig("fido_cbor_info_maxmsgsiz", c.c_uint64, P)
info_protocols_ptr = sig("fido_cbor_info_protocols_ptr", c.POINTER(c.c_uint8), P)
info_protocols_len = sig("fido_cbor_info_protocols_len", c.c_size_t, P)
info_fwversion = sig("fido_cbor_info_fwversion", c.c_uint64, P)
info_minpinlen = sig("fido_cbor_info_minpinlen", c.c_uint64, P)
info_algorithm_count = sig("fido_cbor_info_algorithm_count", c.c_size_t, P)
info_algorithm_cose = sig("fido_cbor_info_algorithm_cose", c.c_int, P, c.c_size_t)

fido_cred_new = sig("fido_cred_new", P)
fido_cred_free = sig("fido_cred_free", None, c.POINTER(P))
fido_cred_set_type = sig("fido_cred_set_type", c.c_int, P, c.c_int)
fido_cred_set_clientdata_hash = sig("fido_cred_set_clientdata_hash", c.c_int, P, c.c_char_p, c.c_size_t)
fido_cred_set_rp = sig("fido_cred_set_rp", c.c_int, P, c.c_char_p, c.c_char_p)
fido_cred_set_user = sig("fido_cred_set_user", c.c_int, P, c.c_char_p, c.c_size_t, c.c_char_p, c.c_char_p, c.c_char_p)
fido_cred_set_rk = sig("fido_cred_set_rk", c.c_int, P, c.c_int)
fido_cred_set_uv = sig("fido_cred_set_uv", c.c_int, P, c.c_int)
fido_cred_set_prot = sig("fido_cred_set_prot", c.c_int, P, c.c_int)
fido_dev_make_cred = sig("fido_dev_make_cred", c.c_int, P, P, c.c_char_p)
fido_cred_fmt = sig("fido_cred_fmt", c.c_char_p, P)
fido_cred_verify_self = sig("fido_cred_verify_self", c.c_int, P)
fido_cred_x5c_len = sig("fido_cred_x5c_len", c.c_size_t, P)
fido_cred_flags = sig("fido_cred_flags", c.c_uint8, P)
fido_cred_prot = sig("fido_cred_prot", c.c_int, P)
fido_cred_id_ptr = sig("fido_cred_id_ptr", c.POINTER(c.c_ubyte), P)
fido_cred_id_len = sig("fido_cred_id_len", c.c_size_t, P)
fido_cred_pubkey_ptr = sig("fido_cred_pubkey_ptr", c.POINTER(c.c_ubyte), P)
fido_cred_pubkey_len = sig("fido_cred_pubkey_len", c.c_size_t, P)
fido_cred_aaguid_ptr = sig("fido_cred_aaguid_ptr", c.POINTER(c.c_ubyte), P)
fido_cred_aaguid_len = sig("fido_cred_aaguid_len", c.c_size_t, P)

fido_assert_new = sig("fido_assert_new", P)
fido_assert_free = sig("fido_assert_free", None, c.POINTER(P))
fido_assert_set_clientdata_hash = sig("fido_assert_set_clientdata_hash", c.c_int, P, c.c_char_p, c.c_size_t)
fido_assert_set_rp = sig("fido_assert_set_rp", c.c_int, P, c.c_char_p)
fido_assert_set_uv = sig("fido_assert_set_uv", c.c_int, P, c.c_int)
fido_assert_allow_cred = sig("fido_assert_allow_cred", c.c_int, P, c.c_char_p, c.c_size_t)
fido_dev_get_assert = sig("fido_dev_get_assert", c.c_int, P, P, c.c_char_p)
fido_assert_count = sig("fido_assert_count", c.c_size_t, P)
fido_assert_flags = sig("fido_assert_flags", c.c_uint8, P, c.c_size_t)
fido_assert_sigcount = sig("fido_assert_sigcount", c.c_uint32, P, c.c_size_t)
fido_assert_user_id_ptr = sig("fido_assert_user_id_ptr", c.POINTER(c.c_ubyte), P, c.c_size_t)
fido_assert_user_id_len = sig("fido_assert_user_id_len", c.c_size_t, P, c.c_size_t)
fido_assert_verify = sig("fido_assert_verify", c.c_int, P, c.c_size_t, c.c_int, P)
es256_pk_new = sig("es256_pk_new", P)
es256_pk_free = sig("es256_pk_free", None, c.POINTER(P))
es256_pk_from_ptr = sig("es256_pk_from_ptr", c.c_int, P, c.c_char_p, c.c_size_t)

fido_credman_metadata_new = sig("fido_credman_metadata_new", P)
fido_credman_metadata_free = sig("fido_credman_metadata_free", None, c.POINTER(P))
fido_credman_get_dev_metadata = sig("fido_credman_get_dev_metadata", c.c_int, P, P, c.c_char_p)
fido_credman_rk_existing = sig("fido_credman_rk_existing", c.c_uint64, P)
fido_credman_rk_remaining = sig("fido_credman_rk_remaining", c.c_uint64, P)


class FidoFailure(Exception):
    pass


def ok(code, what):
    if code != FIDO_OK:
        raise FidoFailure("%s: %s (%d)" % (what, fido_strerr(code).decode(), code))


def err_name(code):
    return fido_strerr(code).decode()


def blob(ptr, length):
    return bytes(c.string_at(ptr, length)) if length else b""


class UdpTransport:
    """The io callbacks; they also record what libfido2 put on the wire."""

    def __init__(self, port):
        self.port = port
        self.sockets = {}
        self.next_handle = 1
        self.write_lengths = set()
        self.report_ids = set()
        self.pin_protocols = set()
        self.io = FidoDevIo(OPEN_T(self._open), CLOSE_T(self._close), READ_T(self._read), WRITE_T(self._write))

    def _open(self, path):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.connect(("127.0.0.1", self.port))
        handle = self.next_handle
        self.next_handle += 1
        self.sockets[handle] = sock
        return handle

    def _close(self, handle):
        sock = self.sockets.pop(handle, None)
        if sock:
            sock.close()

    def _read(self, handle, buf, length, ms):
        sock = self.sockets[handle]
        sock.settimeout((ms if ms >= 0 else 10000) / 1000.0)
        try:
            data = sock.recv(REPORT_SIZE + 1)
        except (socket.timeout, ConnectionRefusedError):
            return -1
        n = min(len(data), length)
        c.memmove(buf, data, n)
        return n

    def _write(self, handle, buf, length):
        data = c.string_at(buf, length)
        self.write_lengths.add(length)
        if length == REPORT_SIZE + 1:
            self.report_ids.add(data[0])
            report = data[1:]
        else:
            report = data
        # An init packet of CTAPHID_CBOR carrying clientPIN (0x06) {1: protocol, 2: subCommand, ...}.
        if report[4] == 0x90 and report[7] == 0x06 and report[9] == 0x01 and report[11] == 0x02:
            self.pin_protocols.add("subCommand%d/protocol%d" % (report[12], report[10]))
        self.sockets[handle].send(report)
        return length


def emit(check, passed, **values):
    print(json.dumps(dict(check=check, ok=passed, **values), sort_keys=True), flush=True)


def run(check, fn):
    try:
        emit(check, True, **(fn() or {}))
    except Exception as error:
        emit(check, False, error="%s: %s" % (type(error).__name__, error), trace=traceback.format_exc(limit=3))


def main(port):
    fido_init(0)
    transport = UdpTransport(port)
    holder = {}

    def reopen():
        """Like replugging in a tool: libfido2 reads getInfo (clientPin etc.) on open."""
        if "dev" in holder:
            fido_dev_close(holder["dev"])
            fido_dev_free(c.byref(holder["dev"]))
        dev = P(fido_dev_new())
        ok(fido_dev_set_io_functions(dev, c.byref(transport.io)), "fido_dev_set_io_functions")
        ok(fido_dev_open(dev, b"virtual:udp"), "fido_dev_open")
        holder["dev"] = dev
        return dev

    def get_info():
        dev = reopen()
        ci = P(fido_cbor_info_new())
        try:
            ok(fido_dev_get_cbor_info(dev, ci), "fido_dev_get_cbor_info")
            n = info_options_len(ci)
            names, values = info_options_name_ptr(ci), info_options_value_ptr(ci)
            return dict(
                fido2=bool(fido_dev_is_fido2(dev)),
                versions=[info_versions_ptr(ci)[i].decode() for i in range(info_versions_len(ci))],
                extensions=[info_extensions_ptr(ci)[i].decode() for i in range(info_extensions_len(ci))],
                aaguid=blob(info_aaguid_ptr(ci), info_aaguid_len(ci)).hex(),
                options={names[i].decode(): bool(values[i]) for i in range(n)},
                maxMsgSize=info_maxmsgsiz(ci),
                pinUvAuthProtocols=[info_protocols_ptr(ci)[i] for i in range(info_protocols_len(ci))],
                firmwareVersion=info_fwversion(ci),
                minPinLength=info_minpinlen(ci),
                algorithms=[info_algorithm_cose(ci, i) for i in range(info_algorithm_count(ci))],
            )
        finally:
            fido_cbor_info_free(c.byref(ci))

    def retries():
        count = c.c_int(-1)
        ok(fido_dev_get_retry_count(holder["dev"], c.byref(count)), "fido_dev_get_retry_count")
        return count.value

    def set_pin():
        ok(fido_dev_set_pin(holder["dev"], FIRST_PIN.encode(), None), "fido_dev_set_pin")
        dev = reopen()
        return dict(hasPin=bool(fido_dev_has_pin(dev)), retries=retries())

    def change_pin():
        wrong = fido_dev_set_pin(holder["dev"], SECOND_PIN.encode(), b"0000")
        after_wrong = retries()
        ok(fido_dev_set_pin(holder["dev"], SECOND_PIN.encode(), FIRST_PIN.encode()), "fido_dev_set_pin (change)")
        return dict(wrongOldPin=err_name(wrong), retriesAfterWrong=after_wrong, retries=retries())

    def make_credential():
        cred = P(fido_cred_new())
        cdh = hashlib.sha256(b"libfido2 registration").digest()
        user_id = os.urandom(16)
        ok(fido_cred_set_type(cred, COSE_ES256), "fido_cred_set_type")
        ok(fido_cred_set_clientdata_hash(cred, cdh, len(cdh)), "fido_cred_set_clientdata_hash")
        ok(fido_cred_set_rp(cred, RP_ID.encode(), b"Peer test RP"), "fido_cred_set_rp")
        ok(fido_cred_set_user(cred, user_id, len(user_id), b"grace@" + RP_ID.encode(), b"Grace", None), "fido_cred_set_user")
        ok(fido_cred_set_rk(cred, FIDO_OPT_TRUE), "fido_cred_set_rk")
        ok(fido_cred_set_uv(cred, FIDO_OPT_TRUE), "fido_cred_set_uv")
        ok(fido_cred_set_prot(cred, FIDO_CRED_PROT_UV_REQUIRED), "fido_cred_set_prot")
        ok(fido_dev_make_cred(holder["dev"], cred, SECOND_PIN.encode()), "fido_dev_make_cred")
        ok(fido_cred_verify_self(cred), "fido_cred_verify_self")
        holder["cred"] = cred
        holder["userId"] = user_id
        flags = fido_cred_flags(cred)
        return dict(
            fmt=fido_cred_fmt(cred).decode(),
            selfAttestationVerified=True,
            x5c=fido_cred_x5c_len(cred),
            up=bool(flags & 0x01),
            uv=bool(flags & 0x04),
            credProtect=fido_cred_prot(cred),
            aaguid=blob(fido_cred_aaguid_ptr(cred), fido_cred_aaguid_len(cred)).hex(),
            credentialIdLength=fido_cred_id_len(cred),
        )

    def get_assertion():
        cred = holder["cred"]
        cred_id = blob(fido_cred_id_ptr(cred), fido_cred_id_len(cred))
        pubkey = blob(fido_cred_pubkey_ptr(cred), fido_cred_pubkey_len(cred))
        cdh = hashlib.sha256(b"libfido2 assertion").digest()

        def assertion(pin, allow):
            a = P(fido_assert_new())
            ok(fido_assert_set_clientdata_hash(a, cdh, len(cdh)), "fido_assert_set_clientdata_hash")
            ok(fido_assert_set_rp(a, RP_ID.encode()), "fido_assert_set_rp")
            if allow:
                ok(fido_assert_allow_cred(a, cred_id, len(cred_id)), "fido_assert_allow_cred")
            if pin:
                ok(fido_assert_set_uv(a, FIDO_OPT_TRUE), "fido_assert_set_uv")
            return a, fido_dev_get_assert(holder["dev"], a, pin)

        refused, refused_code = assertion(None, True)
        fido_assert_free(c.byref(refused))
        a, code = assertion(SECOND_PIN.encode(), False)
        try:
            ok(code, "fido_dev_get_assert")
            pk = P(es256_pk_new())
            ok(es256_pk_from_ptr(pk, pubkey, len(pubkey)), "es256_pk_from_ptr")
            ok(fido_assert_verify(a, 0, COSE_ES256, pk), "fido_assert_verify")
            es256_pk_free(c.byref(pk))
            flags = fido_assert_flags(a, 0)
            return dict(
                credProtect3WithoutPin=err_name(refused_code),
                count=fido_assert_count(a),
                signatureVerified=True,
                up=bool(flags & 0x01),
                uv=bool(flags & 0x04),
                signCount=fido_assert_sigcount(a, 0),
                userIdMatches=blob(fido_assert_user_id_ptr(a, 0), fido_assert_user_id_len(a, 0)) == holder["userId"],
            )
        finally:
            fido_assert_free(c.byref(a))

    def credential_metadata():
        md = P(fido_credman_metadata_new())
        try:
            ok(fido_credman_get_dev_metadata(holder["dev"], md, SECOND_PIN.encode()), "fido_credman_get_dev_metadata")
            return dict(existing=fido_credman_rk_existing(md), remaining=fido_credman_rk_remaining(md))
        finally:
            fido_credman_metadata_free(c.byref(md))

    def reset():
        ok(fido_dev_reset(holder["dev"]), "fido_dev_reset")
        dev = reopen()
        return dict(hasPin=bool(fido_dev_has_pin(dev)))

    run("getInfo", get_info)
    run("setPIN", set_pin)
    run("changePIN", change_pin)
    run("getRetries", lambda: dict(retries=retries()))
    run("makeCredential", make_credential)
    run("getAssertion", get_assertion)
    run("credentialMetadata", credential_metadata)
    run("reset", reset)
    emit(
        "wire",
        True,
        writeLengths=sorted(transport.write_lengths),
        reportIds=sorted(transport.report_ids),
        pinProtocols=sorted(transport.pin_protocols),
    )
    if "dev" in holder:
        fido_dev_close(holder["dev"])


if __name__ == "__main__":
    main(int(sys.argv[1]))
