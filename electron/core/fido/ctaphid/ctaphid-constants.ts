/** CTAPHID (CTAP 2.1 section 11.2): commands, error codes and keepalive statuses. */
export const CTAPHID_BROADCAST_CID = 0xffffffff;
export const CTAPHID_INIT_NONCE_SIZE = 8;
export const TYPE_INIT = 0x80;

export const CtapHidCommand = {
  PING: 0x01,
  MSG: 0x03,
  LOCK: 0x04,
  INIT: 0x06,
  WINK: 0x08,
  CBOR: 0x10,
  CANCEL: 0x11,
  KEEPALIVE: 0x3b,
  ERROR: 0x3f,
} as const;

export const CtapHidError = {
  INVALID_CMD: 0x01,
  INVALID_PAR: 0x02,
  INVALID_LEN: 0x03,
  INVALID_SEQ: 0x04,
  MSG_TIMEOUT: 0x05,
  CHANNEL_BUSY: 0x06,
  LOCK_REQUIRED: 0x0a,
  INVALID_CHANNEL: 0x0b,
  OTHER: 0x7f,
} as const;

export const CtapHidErrorName: Record<number, string> = Object.fromEntries(
  Object.entries(CtapHidError).map(([name, code]) => [code, `ERR_${name}`]),
);

export const KeepaliveStatus = {
  PROCESSING: 1,
  UPNEEDED: 2,
} as const;

/** INIT response capability flags. */
export const CapabilityFlag = {
  WINK: 0x01,
  CBOR: 0x04,
  NMSG: 0x08,
} as const;

/** Largest message one init + 128 continuation packets of a 64-byte report can carry. */
export const CTAPHID_MAX_MESSAGE = 64 - 7 + 128 * (64 - 5);
