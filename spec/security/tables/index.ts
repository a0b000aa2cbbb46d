import type { ConformanceTable } from '../../support/conformance';
import { algorithmTable } from './algorithms';
import { audienceIssuerTable } from './audience-issuer';
import { authorizationHeaderTable } from './authorization-header';
import { claimTypesTable } from './claim-types';
import { csrfTable } from './csrf';
import { duplicateClaimsTable } from './duplicate-claims';
import { headerKeysTable } from './header-keys';
import { headerParametersTable } from './header-parameters';
import { keyConfusionTable } from './key-confusion';
import { locationsTable } from './locations';
import { prototypeClaimsTable } from './prototype-claims';
import { serializationTable } from './serialization';
import { storeFailureTable } from './store-failure';
import { leewayTable, timeClaimsTable } from './time-claims';
import { tokenTypesTable } from './token-types';

/** Every conformance table, one per security rule, in the order docs/security.md lists the rules. */
export const CONFORMANCE_TABLES: readonly ConformanceTable[] = [
  algorithmTable,
  keyConfusionTable,
  serializationTable,
  headerParametersTable,
  headerKeysTable,
  timeClaimsTable,
  leewayTable,
  claimTypesTable,
  audienceIssuerTable,
  duplicateClaimsTable,
  prototypeClaimsTable,
  authorizationHeaderTable,
  locationsTable,
  tokenTypesTable,
  storeFailureTable,
  csrfTable,
];
