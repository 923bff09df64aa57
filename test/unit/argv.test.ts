import { describe, it, expect } from 'vitest';
import { parseArgv, versionText, usageText } from '../../host/argv.ts';
import { ConfigRegistry } from '../../host/config/registry.ts';

function load(options: string): ConfigRegistry {
  const r = new ConfigRegistry({ cwd: '/' });
  r.loadText(options, '<argv>');
  return r;
}

describe('parseArgv', () => {
  it('config file then options', () => {
    const a = parseArgv(['/etc/redis.conf', '--port', '7777', '--replicaof', '127.0.0.1', '8888']);
    expect(a.configFile).toBe('/etc/redis.conf');
    expect(a.options).toBe('port "7777" \nreplicaof "127.0.0.1" "8888" ');
    const r = load(a.options);
    expect(r.value('port')).toBe('7777');
    expect(r.value('replicaof')).toBe('127.0.0.1 8888');
  });
  it('stdin as first or last argument', () => {
    expect(parseArgv(['-']).stdin).toBe(true);
    expect(parseArgv(['-']).configFile).toBeUndefined();
    const a = parseArgv(['/x.conf', '--loglevel', 'verbose', '-']);
    expect(a.stdin).toBe(true);
    expect(a.options).toBe('loglevel "verbose" ');
  });
  it('--save with no value', () => {
    expect(parseArgv(['--save', '--port', '1']).options).toBe('save ""\nport "1" ');
    expect(parseArgv(['--port', '1', '--save']).options).toBe('port "1" \nsave ""');
    expect(load(parseArgv(['--save', '--port', '1']).options).value('save')).toBe('');
  });
  it('an option without a value takes the next argument even if it starts with --', () => {
    const a = parseArgv(['--proc-title-template', '--my--title--template', '--loglevel', 'verbose']);
    expect(a.options).toBe('proc-title-template "--my--title--template" \nloglevel "verbose" ');
    expect(load(a.options).value('proc-title-template')).toBe('--my--title--template');
  });
  it('name and value in one argument', () => {
    const a = parseArgv(['--proc-title-template --my--title--template', '--loglevel verbose']);
    expect(load(a.options).value('proc-title-template')).toBe('--my--title--template');
    expect(load(a.options).value('loglevel')).toBe('verbose');
  });
  it('multiple values and quoting', () => {
    const a = parseArgv(['--save', '100', '1', '200', '2', '--requirepass', 'a "b" c', '--bind', '127.0.0.1', '::1']);
    const r = load(a.options);
    expect(r.value('save')).toBe('100 1 200 2');
    expect(r.value('requirepass')).toBe('a "b" c');
    expect(r.value('bind')).toBe('127.0.0.1 ::1');
    expect(load(parseArgv(['--save', '100 1 200 2']).options).value('save')).toBe('100 1 200 2');
    expect(load(parseArgv(['--save', '']).options).value('save')).toBe('');
  });
  it('non-ASCII values travel as UTF-8 bytes', () => {
    const a = parseArgv(['--requirepass', 'pä']);
    expect(a.options).toBe('requirepass "p\\xc3\\xa4" ');
    expect(load(a.options).value('requirepass')).toBe('p\xc3\xa4');
  });
  it('version and help only as first argument', () => {
    expect(parseArgv(['-v']).version).toBe(true);
    expect(parseArgv(['--version']).version).toBe(true);
    expect(parseArgv(['-h']).help).toBe(true);
    expect(parseArgv(['--help']).help).toBe(true);
    expect(parseArgv(['--usage']).help).toBe(true);
    const a = parseArgv(['--port', '1', '--version']);
    expect(a.version).toBe(false);
    expect(() => load(a.options)).toThrow('Bad directive or wrong number of arguments');
  });
  it('empty argv', () => {
    expect(parseArgv([])).toEqual({ stdin: false, options: '', version: false, help: false });
  });
});

describe('texts', () => {
  it('version keeps the v= shape', () => {
    expect(versionText({ version: '0.1.0' })).toMatch(
      /^Cinnabar server v=0\.1\.0 redis_version=7\.4\.0 sha=00000000:0 malloc=libc bits=64 build=[0-9a-f]+\n$/);
  });
  it('usage', () => {
    expect(usageText()).toContain('Usage: cinnabar-server [/path/to/redis.conf] [options] [-]');
  });
});
