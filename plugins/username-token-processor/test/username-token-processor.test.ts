import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { NS, UsernameTokenUri } from '@sts/sdk/xml';
import {
  child,
  editChild,
  nonceElement,
  passwordDigestToken,
  passwordTextToken,
  receivedToken,
  withChild,
  withoutChild,
  xmlElement,
} from './helpers/username-token.js';
import { ANN, JOE, createFixture, expectRefused, removeFixtures, type Fixture } from './helpers/processor-fixture.js';

describe('username-token-processor', () => {
  let f: Fixture;
  const now = (): string => f.clock.now().toISOString();

  beforeEach(async () => {
    f = await createFixture();
  });
  afterEach(removeFixtures);

  describe('accepting', () => {
    it('accepts a PasswordText token and returns the user, its attributes, the authn context and instant', async () => {
      const result = await f.processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password)));
      expect(result.subject).to.equal('joe');
      expect(result.attributes).to.deep.equal({ mail: ['joe@example.com'], role: ['user', 'tester'] });
      expect(result.authnContext).to.equal('urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport');
      expect(result.authnInstant?.getTime()).to.equal(f.clock.now().getTime());
    });

    it('returns frozen attributes that a caller cannot change', async () => {
      const { attributes } = await f.processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password)));
      expect(Object.isFrozen(attributes)).to.equal(true);
      expect(Object.isFrozen(attributes['mail'])).to.equal(true);
    });

    it('accepts a Password with no Type attribute as PasswordText (the profile default, sent by Microsoft clients)', async () => {
      const token = passwordTextToken(JOE.username, JOE.password, { type: null });
      expect((await f.processor.process(receivedToken(token))).subject).to.equal('joe');
    });

    it('accepts a PasswordText token with a Nonce and a fresh Created', async () => {
      const token = passwordTextToken(ANN.username, ANN.password, { nonce: randomBytes(16), created: now() });
      expect((await f.processor.process(receivedToken(token))).subject).to.equal('ann');
    });

    it('accepts a PasswordDigest token for a user with a digestPassword', async () => {
      const result = await f.processor.process(receivedToken(passwordDigestToken(JOE.username, JOE.password, now())));
      expect(result.subject).to.equal('joe');
    });

    it('accepts a Nonce without EncodingType and a Created with seven fractional digits (.NET)', async () => {
      const created = '2026-01-15T09:59:59.1234567Z';
      const token = editChild(passwordDigestToken(JOE.username, JOE.password, created), 'Nonce', (n) => ({ ...n, attributes: {} }));
      expect((await f.processor.process(receivedToken(token))).subject).to.equal('joe');
    });

    it('accepts a Created exactly createdMaxAgeSeconds old', async () => {
      const token = passwordDigestToken(JOE.username, JOE.password, now());
      f.clock.advance(300);
      expect((await f.processor.process(receivedToken(token))).subject).to.equal('joe');
    });

    it('ignores unknown extension elements after Username (the profile schema allows xsd:any)', async () => {
      const token = withChild(passwordTextToken(JOE.username, JOE.password), xmlElement('urn:example', 'Extra', 'x'));
      expect((await f.processor.process(receivedToken(token))).subject).to.equal('joe');
    });
  });

  describe('credentials', () => {
    it('refuses a wrong password', async () => {
      await expectRefused(f.processor.process(receivedToken(passwordTextToken('joe', 'wrong'))), /wrong password "joe"/);
    });

    it('refuses an unknown user', async () => {
      await expectRefused(f.processor.process(receivedToken(passwordTextToken('nobody', JOE.password))), /unknown user "nobody"/);
    });

    it('refuses a username that differs only in case', async () => {
      await expectRefused(f.processor.process(receivedToken(passwordTextToken('Joe', JOE.password))), /unknown user/);
    });

    it('refuses a PasswordDigest for a user without a digestPassword', async () => {
      const token = passwordDigestToken(ANN.username, ANN.password, now());
      await expectRefused(f.processor.process(receivedToken(token)), /no digestPassword for user "ann"/);
    });

    it('refuses a PasswordDigest computed over a different password', async () => {
      const token = passwordDigestToken(JOE.username, 'wrong', now());
      await expectRefused(f.processor.process(receivedToken(token)), /wrong password "joe" \(PasswordDigest\)/);
    });

    it('refuses a PasswordDigest whose Created was changed after digesting', async () => {
      const token = editChild(passwordDigestToken(JOE.username, JOE.password, now()), 'Created', (c) => ({ ...c, text: '2026-01-15T09:59:58Z' }));
      await expectRefused(f.processor.process(receivedToken(token)), /wrong password/);
    });

    it('refuses PasswordText when allowPasswordText is false, and still accepts a digest', async () => {
      f = await createFixture({ allowPasswordText: false });
      await expectRefused(f.processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password))), /PasswordText is disabled/);
      await expectRefused(
        f.processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password, { type: null }))),
        /PasswordText is disabled/,
      );
      expect((await f.processor.process(receivedToken(passwordDigestToken(JOE.username, JOE.password, now())))).subject).to.equal('joe');
    });

    it('refuses PasswordDigest when allowPasswordDigest is false', async () => {
      f = await createFixture({ allowPasswordDigest: false });
      await expectRefused(f.processor.process(receivedToken(passwordDigestToken(JOE.username, JOE.password, now()))), /PasswordDigest is disabled/);
    });
  });

  describe('freshness and replay', () => {
    it('refuses a Created older than createdMaxAgeSeconds', async () => {
      const token = passwordDigestToken(JOE.username, JOE.password, now());
      f.clock.advance(301);
      await expectRefused(f.processor.process(receivedToken(token)), /older than 300 s/);
    });

    it('refuses a Created more than createdFutureSkewSeconds in the future', async () => {
      f.clock.advance(61);
      const token = passwordDigestToken(JOE.username, JOE.password, now());
      f.clock.advance(-61);
      await expectRefused(f.processor.process(receivedToken(token)), /in the future/);
    });

    it('refuses a stale Created on a PasswordText token too', async () => {
      const token = passwordTextToken(JOE.username, JOE.password, { created: now() });
      f.clock.advance(301);
      await expectRefused(f.processor.process(receivedToken(token)), /older than/);
    });

    it('accepts a PasswordDigest whose Created has an offset (+00:00, -05:00), digested over the exact text sent', async () => {
      for (const created of ['2026-01-15T10:00:00+00:00', '2026-01-15T05:00:00.1234567-05:00']) {
        const token = passwordDigestToken(JOE.username, JOE.password, created);
        expect((await f.processor.process(receivedToken(token))).subject).to.equal('joe');
      }
    });

    it('reads an offset Created at the instant it names (so a stale one is refused)', async () => {
      // 11:00+01:00 is 10:00Z, the clock's time; 10:00+01:00 is 09:00Z, an hour old.
      await f.processor.process(receivedToken(passwordDigestToken(JOE.username, JOE.password, '2026-01-15T11:00:00+01:00')));
      await expectRefused(f.processor.process(receivedToken(passwordDigestToken(JOE.username, JOE.password, '2026-01-15T10:00:00+01:00'))), /older than 300 s/);
    });

    it('refuses a Created with no time zone', async () => {
      const token = passwordDigestToken(JOE.username, JOE.password, '2026-01-15T10:00:00');
      await expectRefused(f.processor.process(receivedToken(token)), /wsu:Created "2026-01-15T10:00:00" has no time zone/);
    });

    it('refuses a Created with more fractional digits than createdMaxFractionalDigits (default 7)', async () => {
      await expectRefused(
        f.processor.process(receivedToken(passwordDigestToken(JOE.username, JOE.password, '2026-01-15T10:00:00.12345678Z'))),
        /8 fractional-second digits; at most 7/,
      );
      f = await createFixture({ createdMaxFractionalDigits: 9 });
      expect((await f.processor.process(receivedToken(passwordDigestToken(JOE.username, JOE.password, '2026-01-15T10:00:00.123456789Z')))).subject).to.equal('joe');
    });

    it('refuses a replayed nonce', async () => {
      const token = passwordDigestToken(JOE.username, JOE.password, now());
      await f.processor.process(receivedToken(token));
      await expectRefused(f.processor.process(receivedToken(token)), /already used/);
    });

    it('refuses a replayed nonce written with a line break inside its base64', async () => {
      const nonce = randomBytes(16);
      await f.processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password, { nonce })));
      const text = nonce.toString('base64');
      const replay = editChild(passwordTextToken(JOE.username, JOE.password, { nonce }), 'Nonce', (n) => ({
        ...n,
        text: `${text.slice(0, 8)}\n${text.slice(8)}`,
      }));
      await expectRefused(f.processor.process(receivedToken(replay)), /already used/);
    });

    it('keeps a nonce for createdMaxAgeSeconds + createdFutureSkewSeconds', async () => {
      const nonce = randomBytes(16);
      await f.processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password, { nonce })));
      f.clock.advance(359);
      await expectRefused(f.processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password, { nonce }))), /already used/);
      f.clock.advance(1);
      expect((await f.processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password, { nonce })))).subject).to.equal('joe');
    });
  });

  describe('structure', () => {
    const valid = () => passwordDigestToken(JOE.username, JOE.password, now());

    it('starts from a token these tests accept', async () => {
      expect((await f.processor.process(receivedToken(valid()))).subject).to.equal('joe');
    });

    it('refuses a request without a token element', async () => {
      await expectRefused(f.processor.process(receivedToken(undefined)), /not a wsse:UsernameToken/);
    });

    it('refuses an element that is not wsse:UsernameToken', async () => {
      await expectRefused(f.processor.process(receivedToken({ ...valid(), namespaceUri: NS.wsse11 })), /not a wsse:UsernameToken/);
    });

    it('refuses two Username elements', async () => {
      const token = withChild(valid(), xmlElement(NS.wsse, 'Username', 'joe'));
      await expectRefused(f.processor.process(receivedToken(token)), /2 Username elements; exactly one/);
    });

    it('refuses a token without Username', async () => {
      await expectRefused(f.processor.process(receivedToken(withoutChild(valid(), 'Username'))), /0 Username elements/);
    });

    it('refuses a blank Username', async () => {
      const token = editChild(valid(), 'Username', (u) => ({ ...u, text: '  ' }));
      await expectRefused(f.processor.process(receivedToken(token)), /Username is empty/);
    });

    it('refuses a Username longer than 256 characters', async () => {
      const token = editChild(valid(), 'Username', (u) => ({ ...u, text: 'j'.repeat(257) }));
      await expectRefused(f.processor.process(receivedToken(token)), /longer than 256/);
    });

    it('refuses a Username with a child element', async () => {
      const token = editChild(valid(), 'Username', (u) => ({ ...u, children: [xmlElement(NS.wsse, 'X')] }));
      await expectRefused(f.processor.process(receivedToken(token)), /Username must hold text only/);
    });

    it('refuses two Password elements (BSP R4222)', async () => {
      const token = withChild(valid(), child(valid(), 'Password'));
      await expectRefused(f.processor.process(receivedToken(token)), /2 Password elements.*R4222/);
    });

    it('refuses two Created elements (BSP R4223)', async () => {
      const token = withChild(valid(), xmlElement(NS.wsu, 'Created', now()));
      await expectRefused(f.processor.process(receivedToken(token)), /2 Created elements.*R4223/);
    });

    it('refuses two Nonce elements (BSP R4225)', async () => {
      const token = withChild(valid(), nonceElement(randomBytes(16)));
      await expectRefused(f.processor.process(receivedToken(token)), /2 Nonce elements.*R4225/);
    });

    it('refuses an unknown Password Type (BSP R4201)', async () => {
      const token = editChild(valid(), 'Password', (p) => ({ ...p, attributes: { Type: `${UsernameTokenUri.passwordText}x` } }));
      await expectRefused(f.processor.process(receivedToken(token)), /unsupported Password Type.*R4201/);
    });

    it('refuses a token without Password', async () => {
      await expectRefused(f.processor.process(receivedToken(withoutChild(valid(), 'Password'))), /no wsse:Password/);
    });

    it('refuses an empty Password', async () => {
      const token = passwordTextToken(JOE.username, '');
      await expectRefused(f.processor.process(receivedToken(token)), /Password is empty/);
    });

    it('refuses a PasswordDigest that is not base64 of 20 bytes', async () => {
      const token = editChild(valid(), 'Password', (p) => ({ ...p, text: randomBytes(32).toString('base64') }));
      await expectRefused(f.processor.process(receivedToken(token)), /not base64 of a 20-byte SHA-1/);
    });

    it('refuses a PasswordDigest without Nonce', async () => {
      await expectRefused(f.processor.process(receivedToken(withoutChild(valid(), 'Nonce'))), /needs both wsse:Nonce and wsu:Created/);
    });

    it('refuses a PasswordDigest without Created', async () => {
      await expectRefused(f.processor.process(receivedToken(withoutChild(valid(), 'Created'))), /needs both wsse:Nonce and wsu:Created/);
    });

    it('refuses a Nonce with an EncodingType other than Base64Binary (BSP R4221)', async () => {
      const token = editChild(valid(), 'Nonce', (n) => ({ ...n, attributes: { EncodingType: `${NS.wsse}#HexBinary` } }));
      await expectRefused(f.processor.process(receivedToken(token)), /unsupported Nonce EncodingType.*R4221/);
    });

    it('refuses a Nonce that is not base64', async () => {
      const token = editChild(valid(), 'Nonce', (n) => ({ ...n, text: `${n.text.slice(0, -4)}!!!!` }));
      await expectRefused(f.processor.process(receivedToken(token)), /Nonce is not base64/);
    });

    it('refuses a Nonce shorter than 16 bytes', async () => {
      const token = editChild(valid(), 'Nonce', (n) => ({ ...n, text: randomBytes(15).toString('base64') }));
      await expectRefused(f.processor.process(receivedToken(token)), /Nonce is 15 bytes/);
    });

    it('refuses a Nonce longer than 64 bytes', async () => {
      const token = editChild(valid(), 'Nonce', (n) => ({ ...n, text: randomBytes(65).toString('base64') }));
      await expectRefused(f.processor.process(receivedToken(token)), /Nonce is 65 bytes/);
    });

    it('refuses a Created that names a day that does not exist', async () => {
      const token = editChild(valid(), 'Created', (c) => ({ ...c, text: '2026-02-30T10:00:00Z' }));
      await expectRefused(f.processor.process(receivedToken(token)), /names no real date/);
    });

    it('refuses a Created with a leap second (BSP R3213)', async () => {
      const token = editChild(valid(), 'Created', (c) => ({ ...c, text: '2026-01-15T09:59:60Z' }));
      await expectRefused(f.processor.process(receivedToken(token)), /names no real date and time/);
    });
  });
});
