/**
 * The contract every crash-artifact reader returns beside its regions (issue 14). Defined in
 * src/model/artifact.ts, because ParseResult carries it; re-exported here for the readers.
 */
export { ARTIFACT_FORMATS, type ArtifactAddress, type ArtifactChoice, type ArtifactFormat, type ArtifactInfo, type ArtifactRegionAttribute } from '../model/artifact.js';
