/**
 * The LDAP credential source without a directory: the filter escaping (RFC 4515 section 3) and what goes
 * on the wire, watched through a fake ldapts client. The real-directory tests are in
 * test/e2e/ldap-credential-source.test.ts (a throwaway slapd).
 */
import { expect } from 'chai';
import { FilterParser, InvalidCredentialsError, type SearchOptions, type SearchResult } from 'ldapts';
import { ServerFailureError, VerifiedCredentialCache } from '@sts/sdk';
import { RecordingLogger } from '@sts/sdk/testing';
import type { LdapSourceConfig } from '../src/config-schema.js';
import type { LdapClient } from '../src/ldap-connection-pool.js';
import { checkUserFilterTemplate, userFilter } from '../src/ldap-user-filter.js';
import { LdapValidator } from '../src/ldap-validator.js';
import type { VerifiedUser } from '../src/credential-source.js';
import { ManualClock } from '@sts/sdk/testing';

const CONFIG: LdapSourceConfig = {
  url: 'ldap://directory.invalid', startTls: false, allowUnencrypted: true, bindDn: 'cn=svc', bindPassword: 'svc-pw',
  userSearchBase: 'dc=x', userSearchFilter: '(uid={username})', userSearchScope: 'sub', attributes: { mail: 'mail' },
  connectTimeoutMs: 500, operationTimeoutMs: 500, maxConnections: 2,
};

/** A directory with one user `joe` / `pw`; records every bind and search filter. */
function fakeDirectory() {
  const binds: { dn: string; password: string | undefined }[] = [];
  const filters: string[] = [];
  const newClient = (): LdapClient => ({
    isConnected: true,
    startTLS: async () => undefined,
    bind: async (dn: string, password?: string) => {
      binds.push({ dn, password });
      if (dn === 'cn=svc' && password === 'svc-pw') return;
      if (dn === 'uid=joe,dc=x' && password === 'pw') return;
      throw new InvalidCredentialsError('invalid credentials');
    },
    search: async (_base: string, options?: SearchOptions): Promise<SearchResult> => {
      const filter = String(options?.filter);
      filters.push(filter);
      return { searchEntries: filter === '(uid=joe)' ? [{ dn: 'uid=joe,dc=x', mail: 'joe@x' }] : [], searchReferences: [] };
    },
    unbind: async () => undefined,
  });
  return { binds, filters, newClient };
}

describe('username-token-processor LDAP source (no directory)', () => {
  describe('user search filter', () => {
    it('escapes the username per RFC 4515: *, (, ), \\ and NUL are literal values', () => {
      expect(userFilter('(uid={username})', '*')).to.equal('(uid=\\2a)');
      expect(userFilter('(uid={username})', 'joe)(uid=*')).to.equal('(uid=joe\\29\\28uid=\\2a)');
      expect(userFilter('(uid={username})', 'a\\b\u0000c')).to.equal('(uid=a\\5cb\\00c)');
      expect(userFilter('(|(uid={username})(mail={username}))', 'x*')).to.equal('(|(uid=x\\2a)(mail=x\\2a))');
    });

    it('parses an escaped injection as one equality assertion with the literal value', () => {
      const filter = FilterParser.parseString(userFilter('(uid={username})', '*)(uid=*'));
      expect(filter.constructor.name).to.equal('EqualityFilter');
      expect((filter as unknown as { value: string }).value).to.equal('*)(uid=*');
    });

    it('refuses a template without {username} or one that is not a filter', () => {
      expect(() => checkUserFilterTemplate('(uid=joe)')).to.throw(/no \{username\}/);
      expect(() => checkUserFilterTemplate('(uid={username}')).to.throw(/not an RFC 4515 filter/);
    });
  });

  describe('binds', () => {
    it('accepts the right password: service bind, one search, one bind as the entry found', async () => {
      const d = fakeDirectory();
      const source = await LdapValidator.open(CONFIG, new RecordingLogger(), { newClient: d.newClient });
      const check = await source.checkPassword('joe', 'pw');
      expect(check).to.deep.equal({ ok: true, user: { username: 'joe', attributes: { mail: ['joe@x'] } } });
      expect(d.binds.map((b) => b.dn)).to.deep.equal(['cn=svc', 'uid=joe,dc=x']);
      await source.close();
    });

    it('never binds with an empty password (an unauthenticated bind, RFC 4513 section 5.1.2)', async () => {
      const d = fakeDirectory();
      const source = await LdapValidator.open(CONFIG, new RecordingLogger(), { newClient: d.newClient });
      expect(await source.checkPassword('joe', '')).to.deep.equal({ ok: false, reason: 'wrong password' });
      expect(d.binds).to.deep.equal([]);
      expect(d.filters).to.deep.equal([]);
    });

    it('an unknown user costs the same directory work as a wrong password (one search, one bind)', async () => {
      const d = fakeDirectory();
      const source = await LdapValidator.open(CONFIG, new RecordingLogger(), { newClient: d.newClient });
      expect(await source.checkPassword('joe', 'nope')).to.deep.equal({ ok: false, reason: 'wrong password' });
      const wrong = d.binds.length;
      expect(await source.checkPassword('nobody', 'nope')).to.deep.equal({ ok: false, reason: 'unknown user' });
      expect(d.binds.length - wrong).to.equal(1);
      expect(d.binds.at(-1)!.dn).to.match(/,dc=x$/);
      expect(d.filters).to.deep.equal(['(uid=joe)', '(uid=nobody)']);
    });

    it('the verified-credential cache: a repeated right login skips the directory; a wrong one never hits', async () => {
      const d = fakeDirectory();
      const cache = new VerifiedCredentialCache<VerifiedUser>({ ttlSeconds: 60, maxEntries: 10 }, new ManualClock(new Date()));
      const source = await LdapValidator.open(CONFIG, new RecordingLogger(), { newClient: d.newClient, credentialCache: cache });
      await source.checkPassword('joe', 'pw');
      const after = d.binds.length;
      expect((await source.checkPassword('joe', 'pw')).ok).to.equal(true);
      expect(d.binds.length).to.equal(after);
      expect((await source.checkPassword('joe', 'pw2')).ok).to.equal(false);
      expect(d.binds.length).to.equal(after + 1);
    });

    it('bounds the connections: one service connection plus at most maxConnections for binds, reused', async () => {
      const d = fakeDirectory();
      let made = 0;
      let binding = 0;
      let mostBinding = 0;
      const slow = () => {
        made += 1;
        const client = d.newClient();
        return { ...client, bind: async (dn: string, password?: string) => {
          binding += 1;
          mostBinding = Math.max(mostBinding, binding);
          await new Promise((r) => setTimeout(r, 5));
          binding -= 1;
          return client.bind(dn, password);
        } };
      };
      const source = await LdapValidator.open(CONFIG, new RecordingLogger(), { newClient: slow });
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => source.checkPassword('joe', i % 2 ? 'pw' : 'no')));
      expect(results.map((r) => r.ok)).to.deep.equal(Array.from({ length: 10 }, (_, i) => i % 2 === 1));
      expect(made).to.equal(1 + CONFIG.maxConnections);
      expect(mostBinding).to.be.at.most(1 + CONFIG.maxConnections);
      await source.checkPassword('joe', 'pw');
      expect(made, 'reused, not reopened').to.equal(1 + CONFIG.maxConnections);
      await source.close();
    });

    it('a directory error is ServerFailureError (wst:RequestFailed) and not ready, never a refusal', async () => {
      const d = fakeDirectory();
      const broken = () => ({ ...d.newClient(), search: async () => { throw new Error('socket hang up'); } });
      const source = await LdapValidator.open(CONFIG, new RecordingLogger(), { newClient: broken });
      const error = await source.checkPassword('joe', 'pw').then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(ServerFailureError);
      expect(await source.ready()).to.equal(false);
    });
  });
});
