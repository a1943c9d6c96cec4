/**
 * Canonical state encoding, state hashes and atomic checkpoint files.
 *
 * @module
 */
export { decodeState, encodeState } from "./codec.ts";
export { sha256Bytes, sha256Hex, stateHash } from "./hash.ts";
export {
  type Checkpoint,
  checkpointBytes,
  parseCheckpoint,
  readCheckpoint,
  readCheckpointSync,
  writeCheckpoint,
  writeCheckpointSync,
  writeFileAtomicSync,
} from "./file.ts";
