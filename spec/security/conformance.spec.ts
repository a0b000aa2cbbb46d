import { describeTable } from '../support/conformance';
import { CONFORMANCE_TABLES } from './tables';

describe('security conformance', () => {
  for (const table of CONFORMANCE_TABLES) describeTable(table);
});
