/**
 * A throwaway OpenLDAP slapd for the LDAP credential-source tests: a temp cn=config (slapd.d, built with
 * slapadd), an mdb database for dc=example,dc=test with a rootdn, a test tree (a service account, users with
 * mail and a group attribute, two entries sharing a uid), listening on loopback ports: ldap:// (which also
 * offers StartTLS) and ldaps://, with a test CA and server certificate made with openssl at start.
 *
 * Debian's slapd is /usr/sbin/slapd (not on a non-root PATH), so it is found by path. Without it the tests fail
 * with a message saying how to get it: they never skip, so a missing slapd cannot pass as green.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { portListening } from './port-listening.js';
import { tempDir } from './paths.js';

export const SUFFIX = 'dc=example,dc=test';
export const SERVICE_DN = `cn=sts-service,ou=services,${SUFFIX}`;
export const SERVICE_PASSWORD = 'service-secret-for-tests';
export const PEOPLE = `ou=people,${SUFFIX}`;

/** A user of the test tree. */
export interface LdapTestUser {
  readonly uid: string;
  readonly password: string;
  readonly mail: string;
  readonly groups: readonly string[];
}

export const LDAP_JOE: LdapTestUser = { uid: 'joe', password: 'Dir3ctory-pass', mail: 'joe@example.test', groups: ['staff', 'sts-users'] };
export const LDAP_ANN: LdapTestUser = { uid: 'ann', password: 'ann-Pa55word', mail: 'ann@example.test', groups: ['staff'] };
/** Two entries (in different OUs) share this uid: a search for it matches more than one. */
export const DUPLICATE_UID = 'twin';

export interface TestSlapd {
  /** ldap:// on loopback (StartTLS offered). */
  readonly url: string;
  /** ldaps:// on loopback, certificate for localhost and 127.0.0.1. */
  readonly ldapsUrl: string;
  /** PEM file of the test CA that signed the server certificate. */
  readonly caFile: string;
  /** PEM file of another CA, that signed nothing the server shows. */
  readonly otherCaFile: string;
  readonly dir: string;
  /** Stops slapd (SIGKILL, like a crash). */
  stop(): Promise<void>;
  /** Starts it again on the same ports. */
  start(): Promise<void>;
  /** Stops it and removes its files. */
  close(): Promise<void>;
}

const SLAPD = ['/usr/sbin/slapd', '/usr/local/libexec/slapd'].find((p) => existsSync(p));
const SLAPADD = ['/usr/sbin/slapadd', '/usr/local/sbin/slapadd'].find((p) => existsSync(p));
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

function requireSlapd(): { slapd: string; slapadd: string } {
  if (!SLAPD || !SLAPADD) throw new Error('slapd is not installed: the LDAP tests need it (apt-get install slapd ldap-utils, or run .ci/run, which installs it)');
  return { slapd: SLAPD, slapadd: SLAPADD };
}

function run(command: string, args: string[], input?: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8', input });
  if (result.error || result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
}

/** {SSHA} of a password (RFC 2307 style), so the tree holds no clear passwords. */
function ssha(password: string): string {
  const salt = randomBytes(8);
  return `{SSHA}${Buffer.concat([createHash('sha1').update(password).update(salt).digest(), salt]).toString('base64')}`;
}

function makeCertificates(dir: string): { caFile: string; otherCaFile: string; certFile: string; keyFile: string } {
  const f = (name: string) => join(dir, name);
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=STS test LDAP CA']);
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('other-ca.key'), '-out', f('other-ca.pem'), '-days', '2', '-subj', '/CN=Some other CA']);
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost']);
  writeFileSync(f('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  run('openssl', ['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '2', '-extfile', f('server.ext')]);
  return { caFile: f('ca.pem'), otherCaFile: f('other-ca.pem'), certFile: f('server.pem'), keyFile: f('server.key') };
}

function configLdif(dir: string, tls: { caFile: string; certFile: string; keyFile: string }): string {
  const schemas = ['core', 'cosine', 'nis', 'inetorgperson'].map((s) => `include: file://${SCHEMA_DIR}/${s}.ldif`).join('\n\n');
  return `dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: ${dir}/slapd.pid
olcTLSCACertificateFile: ${tls.caFile}
olcTLSCertificateFile: ${tls.certFile}
olcTLSCertificateKeyFile: ${tls.keyFile}

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: ${MODULE_DIR}
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

${schemas}

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcDbDirectory: ${dir}/db
olcSuffix: ${SUFFIX}
olcRootDN: cn=admin,${SUFFIX}
olcRootPW: ${ssha('admin-secret-for-tests')}
olcDbIndex: uid eq
olcAccess: {0}to attrs=userPassword by anonymous auth by * none
olcAccess: {1}to * by dn.exact="${SERVICE_DN}" read by self read by * none
`;
}

function userLdif(u: LdapTestUser, ou = 'people'): string {
  return [
    `dn: uid=${u.uid},ou=${ou},${SUFFIX}`, 'objectClass: inetOrgPerson', `uid: ${u.uid}`, `cn: ${u.uid}`, `sn: ${u.uid}`, `mail: ${u.mail}`,
    ...u.groups.map((g) => `businessCategory: ${g}`),
    `userPassword: ${ssha(u.password)}`,
  ].join('\n') + '\n';
}

function treeLdif(users: readonly LdapTestUser[]): string {
  const twin = (ou: string) => userLdif({ uid: DUPLICATE_UID, password: 'twin-password', mail: `twin@${ou}.example.test`, groups: [] }, ou);
  return [
    `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example test\n`,
    `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ou=contractors,${SUFFIX}\nobjectClass: organizationalUnit\nou: contractors\n`,
    `dn: ou=services,${SUFFIX}\nobjectClass: organizationalUnit\nou: services\n`,
    `dn: ${SERVICE_DN}\nobjectClass: person\ncn: sts-service\nsn: service\nuserPassword: ${ssha(SERVICE_PASSWORD)}\n`,
    ...users.map((u) => userLdif(u)),
    twin('people'),
    twin('contractors'),
  ].join('\n');
}


/** Starts a slapd with the test tree (`users` besides the service account and the twins). */
export async function startSlapd(users: readonly LdapTestUser[] = [LDAP_JOE, LDAP_ANN]): Promise<TestSlapd> {
  const { slapd, slapadd } = requireSlapd();
  const dir = tempDir('slapd');
  mkdirSync(join(dir, 'slapd.d'));
  mkdirSync(join(dir, 'db'));
  let tls: ReturnType<typeof makeCertificates>;
  try {
    tls = makeCertificates(dir);
    writeFileSync(join(dir, 'config.ldif'), configLdif(dir, tls));
    writeFileSync(join(dir, 'tree.ldif'), treeLdif(users));
    run(slapadd, ['-n', '0', '-F', join(dir, 'slapd.d'), '-l', join(dir, 'config.ldif')]);
    run(slapadd, ['-q', '-b', SUFFIX, '-F', join(dir, 'slapd.d'), '-l', join(dir, 'tree.ldif')]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const [port, ldapsPort] = [await freePort(), await freePort()];
  let child: ChildProcess | undefined;
  let output = '';

  const start = async (): Promise<void> => {
    if (child && child.exitCode === null) return; // already running: a second one could not bind the ports anyway
    output = '';
    // -d 0: stay in the foreground (no fork), so this process owns it and can kill it.
    child = spawn(slapd, ['-d', '0', '-F', join(dir, 'slapd.d'), '-h', `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${ldapsPort}/`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const started = child;
    // Never outlive the test run, even when it ends without calling close().
    const killOnExit = () => started.kill('SIGKILL');
    process.once('exit', killOnExit);
    started.once('exit', () => process.removeListener('exit', killOnExit));
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    if (!(await portListening(port, 10_000)) || !(await portListening(ldapsPort, 2_000))) {
      child.kill('SIGKILL');
      throw new Error(`slapd did not listen on ${port}/${ldapsPort}: ${output}`);
    }
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  try {
    await start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `ldap://127.0.0.1:${port}`,
    ldapsUrl: `ldaps://127.0.0.1:${ldapsPort}`,
    caFile: tls.caFile,
    otherCaFile: tls.otherCaFile,
    dir,
    stop,
    start,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
