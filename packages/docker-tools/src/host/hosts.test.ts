import { describe, expect, it } from 'vitest';
import { DockerHostConfigError } from './errors.js';
import { resolveEnvHost, resolveHost, resolveHosts, type ResolvedEngineHost } from './hosts.js';
import { createHosts } from './create-hosts.js';
import { createMemoryHost } from './memory-host.js';

const pem = (name: string) => `-----BEGIN ${name}-----\nAAAA\n-----END ${name}-----\n`;
const files: Record<string, string> = {
  '/certs/ca.pem': pem('CA'), '/certs/cert.pem': pem('CERT'), '/certs/key.pem': pem('KEY'),
  '/home/op/.docker/ca.pem': pem('HOME CA'), '/home/op/.docker/cert.pem': pem('HOME CERT'), '/home/op/.docker/key.pem': pem('HOME KEY'),
};
const readFile = (p: string) => {
  const f = files[p];
  if (f === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: 'ENOENT' });
  return f;
};
const env = (vars: Record<string, string>) => resolveEnvHost('env', { env: vars, readFile, homeDir: '/home/op' });

describe('DOCKER_HOST resolution', () => {
  it('defaults to the local socket when DOCKER_HOST is unset', () => {
    const r = env({});
    expect(r.address).toBe('unix:///var/run/docker.sock');
    expect(r.dockerode.socketPath).toBe('/var/run/docker.sock');
    expect(r.dockerode.host).toBeUndefined();
  });

  it('reads unix:// paths', () => {
    expect(env({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }).dockerode.socketPath).toBe('/run/user/1000/docker.sock');
  });

  it('reads plain tcp:// and warns that it has no TLS', () => {
    const r = env({ DOCKER_HOST: 'tcp://10.0.0.5:2375' });
    expect(r.dockerode).toMatchObject({ host: '10.0.0.5', port: 2375, protocol: 'http' });
    expect(r.secure).toBe(false);
    expect(r.description).toContain('(no TLS)');
    expect(r.warnings[0]).toMatch(/without TLS/);
  });

  it('uses TLS with the PEMs in DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set', () => {
    const r = env({ DOCKER_HOST: 'tcp://docker.example.com:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' });
    expect(r.dockerode).toMatchObject({ host: 'docker.example.com', port: 2376, protocol: 'https', ca: pem('CA'), cert: pem('CERT'), key: pem('KEY') });
    expect(r.address).toBe('tcp://docker.example.com:2376');
    expect(r.secure).toBe(true);
  });

  it('falls back to ~/.docker for certificates and 2376 for the TLS port', () => {
    const r = env({ DOCKER_HOST: 'tcp://h', DOCKER_TLS_VERIFY: '1' });
    expect(r.dockerode).toMatchObject({ port: 2376, ca: pem('HOME CA') });
  });

  it('says which certificate file is missing', () => {
    expect(() => env({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nowhere' })).toThrow(/cannot read \/nowhere\/ca.pem/);
  });

  it('reads ssh:// with user and port, using the SSH agent', () => {
    const r = env({ DOCKER_HOST: 'ssh://ops@edge-1:2222', SSH_AUTH_SOCK: '/tmp/agent.sock' });
    expect(r.dockerode).toMatchObject({ protocol: 'ssh', host: 'edge-1', port: 2222, username: 'ops', sshOptions: { agent: '/tmp/agent.sock' } });
    expect(r.address).toBe('ssh://ops@edge-1:22' + '22');
  });

  it('rejects unknown schemes and passwords in ssh URLs', () => {
    expect(() => env({ DOCKER_HOST: 'ftp://x' })).toThrow(DockerHostConfigError);
    expect(() => env({ DOCKER_HOST: 'ssh://ops:secret@h' })).toThrow(/passwords/);
  });

  it('never sets a client-wide timeout (it would kill the events stream)', () => {
    for (const r of [env({}), env({ DOCKER_HOST: 'tcp://h:1' }), env({ DOCKER_HOST: 'ssh://h' })]) {
      expect('timeout' in r.dockerode).toBe(true);
      expect(r.dockerode.timeout).toBeUndefined();
    }
  });
});

describe('named host configs', () => {
  it('resolves socket, TCP+TLS, SSH, env and memory hosts', () => {
    const [a, b, c, d, e] = resolveHosts(
      [
        { name: 'local', socketPath: '/var/run/docker.sock' },
        { name: 'prod', host: '10.1.2.3', port: 2376, tls: { ca: pem('CA'), cert: pem('CERT'), key: pem('KEY') } },
        { name: 'edge', sshUrl: 'ssh://root@edge' },
        { name: 'env', fromEnv: true },
        { name: 'demo', kind: 'memory' },
      ],
      { env: { DOCKER_HOST: 'tcp://10.9.9.9:2375' }, readFile },
    );
    expect((a as ResolvedEngineHost).dockerode.socketPath).toBe('/var/run/docker.sock');
    // An explicit socket config is not redirected by DOCKER_HOST in the environment.
    expect((a as ResolvedEngineHost).dockerode.host).toBeUndefined();
    expect((b as ResolvedEngineHost).dockerode).toMatchObject({ protocol: 'https', host: '10.1.2.3', port: 2376 });
    expect((c as ResolvedEngineHost).address).toBe('ssh://root@edge:22');
    expect((d as ResolvedEngineHost).address).toBe('tcp://10.9.9.9:2375');
    expect(e).toEqual({ kind: 'memory', name: 'demo' });
  });

  it('reads tlsCertPath directories', () => {
    const r = resolveHost({ name: 'p', host: 'h', tlsCertPath: '/certs' }, { readFile }) as ResolvedEngineHost;
    expect(r.dockerode).toMatchObject({ protocol: 'https', port: 2376, key: pem('KEY') });
  });

  it('rejects duplicate names, ambiguous configs and bad names', () => {
    expect(() => resolveHosts([{ name: 'a', fromEnv: true }, { name: 'a', socketPath: '/s' }])).toThrow(/duplicate host name "a"/);
    expect(() => resolveHosts([{ name: 'a', socketPath: '/s', sshUrl: 'ssh://h' } as never])).toThrow(DockerHostConfigError);
    expect(() => resolveHosts([{ name: 'bad name', fromEnv: true }])).toThrow(DockerHostConfigError);
    expect(() => resolveHosts([])).toThrow(/no Docker hosts/);
    expect(() => resolveHost({ name: 'x', host: 'h', protocol: 'http', tls: { ca: pem('CA') } })).toThrow(/protocol "http" with TLS/);
  });

  it('createHosts mixes host objects and configs and keeps names unique', () => {
    const demo = createMemoryHost({ name: 'demo' });
    const hosts = createHosts([{ name: 'local', socketPath: '/var/run/docker.sock' }, demo]);
    expect(hosts.map((h) => [h.name, h.kind])).toEqual([['local', 'docker'], ['demo', 'memory']]);
    expect(hosts[1]).toBe(demo);
    expect(() => createHosts([demo, { name: 'demo', kind: 'memory' }])).toThrow(/duplicate/);
  });
});
