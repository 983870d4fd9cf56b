import { describe, expect, it } from 'vitest';
import { createStores } from './create.js';
import { describeRunStoreContract, describeViolationStoreContract } from './fixtures/contract.js';
import { makeRun, makeViolation } from './fixtures/records.js';
import { createMemoryRunStore, createMemoryViolationStore } from './memory.js';

describeRunStoreContract('memory', { create: async () => createMemoryRunStore() });
describeViolationStoreContract('memory', { create: async () => createMemoryViolationStore() });

describe('memory stores', () => {
  it('refuses a run holding something that cannot be copied (a function) with STORE_RECORD_INVALID', async () => {
    const runs = createMemoryRunStore();
    const run = makeRun({ id: 'r1', input: { callback: () => 1 } });
    await expect(runs.save(run)).rejects.toMatchObject({ code: 'STORE_RECORD_INVALID' });
    expect(await runs.list()).toEqual([]);
  });

  it("createStores('memory') gives working stores that do not touch the disk", async () => {
    const stores = await createStores('memory');
    await stores.runs.save(makeRun({ id: 'r1' }));
    await stores.violations.append(makeViolation({ id: 'v1' }));
    expect((await stores.runs.list()).map((r) => r.id)).toEqual(['r1']);
    expect((await stores.violations.list()).map((v) => v.id)).toEqual(['v1']);
    await stores.close();
    await expect(stores.runs.list()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});
