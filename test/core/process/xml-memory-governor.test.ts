import { expect } from 'chai';
import { XmlMemoryGovernor } from '@sts/core';

const MB = 1024 * 1024;

/** A governor over a scripted libxml2 counter: `held` is what libxml2 holds, `live` what a collection cannot free. */
function scripted(thresholdMb: number) {
  const state = { held: 10 * MB, live: 10 * MB, collections: 0, reports: [] as [number, number][] };
  const governor = new XmlMemoryGovernor({
    thresholdBytes: thresholdMb * MB,
    intervalMs: 1000,
    readBytes: () => state.held,
    collect: () => {
      state.collections++;
      state.held = state.live;
    },
    onCollect: (before, after) => state.reports.push([before / MB, after / MB]),
  });
  return { state, governor };
}

describe('core: the libxml2 memory governor', () => {
  it('collects once libxml2 has grown by the threshold over what survived, and not before', () => {
    const { state, governor } = scripted(32);
    state.held = 41 * MB;
    expect(governor.tick()).to.equal(false);
    state.held = 42 * MB;
    expect(governor.tick()).to.equal(true);
    expect(state.collections).to.equal(1);
    expect(state.reports).to.deep.equal([[42, 10]]);
  });

  it('measures growth from what the last collection left, so documents still in use do not cause a collection on every reading', () => {
    const { state, governor } = scripted(32);
    state.live = 60 * MB;
    state.held = 70 * MB;
    expect(governor.tick()).to.equal(true); // 60 MB survive it
    state.held = 80 * MB;
    expect(governor.tick()).to.equal(false); // 20 MB over the 60 that survived
    state.held = 92 * MB;
    expect(governor.tick()).to.equal(true);
    expect(state.collections).to.equal(2);
  });

  it('follows memory the collector freed by itself, so growth after that is measured from the lower level', () => {
    const { state, governor } = scripted(32);
    state.held = 35 * MB;
    expect(governor.tick()).to.equal(false); // 25 MB over the 10 at start
    state.held = 5 * MB; // a collection of V8's own freed documents, some that were live at start too
    expect(governor.tick()).to.equal(false);
    state.held = 37 * MB; // 32 MB over the new low, though only 27 over the level at start
    expect(governor.tick()).to.equal(true);
  });

  it('reads the counter on its interval once started, and stops', async () => {
    let reads = 0;
    const governor = new XmlMemoryGovernor({ thresholdBytes: MB, intervalMs: 10, readBytes: () => ++reads, collect: () => undefined });
    governor.start();
    await new Promise((r) => setTimeout(r, 60));
    governor.stop();
    const seen = reads;
    expect(seen).to.be.at.least(3);
    await new Promise((r) => setTimeout(r, 40));
    expect(reads).to.equal(seen);
  });
});
