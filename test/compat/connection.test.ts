// Differential: connection commands against a real redis-server. AUTH CLIENT ECHO HELLO PING QUIT
// RESET SELECT, in RESP2 and RESP3, with several connections per server.
//
// Normalisations used here (see test/helpers/norm.ts):
// - HELLO: helloNorm (server version and client id values).
// - CLIENT ID: intShape (ids depend on each server's connection history). Ids saved with `save`
//   are used per server, so CLIENT KILL ID hits the same logical client on both.
// - CLIENT INFO / CLIENT LIST: clientFields keeps name, db, flags, sub, psub, multi, cmd and resp
//   (in list order). The full 7.4 field list (watch, lib-name, lib-ver are not in 7.0) is checked
//   in compat/v74.
// - CLIENT HELP: arrayShape (7.0 lists fewer subcommands than 7.4).
// CLIENT NO-TOUCH and CLIENT SETINFO are 7.2 commands: their replies are expected 7.4 bytes.
import { defineDiffSuite, v, type Step } from '../helpers/diff.ts';
import { helloNorm, intShape, clientFields, arrayShape } from '../helpers/norm.ts';

/** 7.2 (redis#11809) added "<proto>" to this message; 7.0.15 still says "HELLO AUTH". */
const NOAUTH_HELLO = {
  expect: '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n',
  why: 'NOAUTH HELLO text gained "<proto>" in 7.2',
};

const fields = clientFields('name', 'db', 'flags', 'sub', 'psub', 'multi', 'cmd', 'resp');

const pingEchoSelect: Step[] = [
  ['PING'], ['PING', 'hello'], ['PING', ''], ['PING', 'a', 'b'], ['ping'], ['PiNg', Buffer.from([0, 13, 10])],
  ['ECHO', 'x'], ['ECHO', ''], ['ECHO'], ['ECHO', 'a', 'b'], ['ECHO', 'x'.repeat(70000)],
  ['SELECT', '1'], ['SET', 'k', 'db1'], ['SELECT', '0'], ['GET', 'k'], ['SELECT', '1'], ['GET', 'k'],
  ['SELECT', '15'], ['SELECT', '16'], ['SELECT', '-1'], ['SELECT', 'abc'], ['SELECT', '1.5'], ['SELECT', ''],
  ['SELECT', '9223372036854775808'], ['SELECT', '2147483648'], ['SELECT', '00'], ['SELECT', '+1'], ['SELECT'],
  ['SELECT', '0', '1'], ['DBSIZE'], ['SELECT', '0'], ['DBSIZE'],
  // a second connection starts in db 0
  { c: 'b', cmd: ['SELECT', '1'] }, { c: 'b', cmd: ['GET', 'k'] }, { c: 'c', cmd: ['GET', 'k'] },
];

const hello: Step[] = [
  { cmd: ['HELLO'], norm: helloNorm }, { cmd: ['HELLO', '2'], norm: helloNorm }, { cmd: ['HELLO', '3'], norm: helloNorm },
  ['PING'], ['GET', 'nope'], { cmd: ['HELLO', '2'], norm: helloNorm }, ['GET', 'nope'],
  ['HELLO', '4'], ['HELLO', '1'], ['HELLO', '0'], ['HELLO', '-1'], ['HELLO', 'abc'], ['HELLO', '3.0'], ['HELLO', ''],
  ['HELLO', '3', 'FOO'], ['HELLO', '3', 'AUTH'], ['HELLO', '3', 'AUTH', 'default'], ['HELLO', '3', 'SETNAME'],
  { cmd: ['HELLO', '3', 'SETNAME', 'conn-a'], norm: helloNorm }, ['CLIENT', 'GETNAME'],
  ['HELLO', '3', 'SETNAME', 'bad name'], ['HELLO', '2', 'SETNAME', 'x\ny'],
  { cmd: ['HELLO', '3', 'AUTH', 'default', 'anything'], norm: helloNorm, note: 'default user has nopass' },
  ['HELLO', '3', 'AUTH', 'nosuchuser', 'pw'], { cmd: ['HELLO', '3', 'auth', 'default', 'pw', 'setname', 'n2'], norm: helloNorm },
  ['CLIENT', 'GETNAME'], { cmd: ['HELLO', '2', 'SETNAME', 'n3', 'AUTH', 'default', 'x'], norm: helloNorm }, ['CLIENT', 'GETNAME'],
  { cmd: ['HELLO', '2', 'SETNAME', 'a', 'SETNAME', 'b'], norm: helloNorm }, ['CLIENT', 'GETNAME'],
  ['HELLO', '4', 'SETNAME', 'zzz'], ['CLIENT', 'GETNAME'], ['HELLO', '3', 'SETNAME', 'ok', 'FOO'],
  { cmd: ['CLIENT', 'GETNAME'], expect: '$1\r\nb\r\n', why: '7.2+ HELLO validates every option before applying SETNAME (7.0 set the name, then failed)' },
  // RESP3-only reply shapes after HELLO 3
  { cmd: ['HELLO', '3'], norm: helloNorm }, ['GET', 'nope'], ['MGET', 'nope', 'nope'], ['EXISTS', 'nope'], ['TTL', 'nope'],
  ['CONFIG', 'GET', 'maxmemory'], { cmd: ['HELLO'], norm: helloNorm },
];

const auth: Step[] = [
  ['AUTH', 'pw'], ['AUTH', 'default', 'pw'], ['AUTH', 'nosuchuser', 'pw'], ['AUTH', 'a', 'b', 'c'], ['AUTH'],
  ['CONFIG', 'SET', 'requirepass', 'secret'],
  { c: 'n', cmd: ['PING'] }, { c: 'n', cmd: ['GET', 'k'] }, { c: 'n', cmd: ['SELECT', '1'] }, { c: 'n', cmd: ['CLIENT', 'ID'] },
  { c: 'n', cmd: ['HELLO'], ...NOAUTH_HELLO }, { c: 'n', cmd: ['HELLO', '3'], ...NOAUTH_HELLO }, { c: 'n', cmd: ['NOSUCHCMD'] }, { c: 'n', cmd: ['GET'] },
  { c: 'n', cmd: ['AUTH', 'wrong'] }, { c: 'n', cmd: ['AUTH', 'default', 'wrong'] }, { c: 'n', cmd: ['AUTH', 'secret'] },
  { c: 'n', cmd: ['PING'] }, { c: 'n', cmd: ['AUTH', 'default', 'secret'] }, { c: 'n', cmd: ['AUTH', 'wrong'] },
  { c: 'n', cmd: ['PING'], note: 'a failed AUTH does not de-authenticate' },
  { c: 'm', cmd: ['HELLO', '3', 'AUTH', 'default', 'wrong'] }, { c: 'm', cmd: ['PING'] },
  { c: 'm', cmd: ['HELLO', '3', 'AUTH', 'default', 'secret'], norm: helloNorm }, { c: 'm', cmd: ['PING'] },
  { c: 'm', cmd: ['RESET'] }, { c: 'm', cmd: ['PING'], note: 'RESET drops authentication when a password is set' },
  { c: 'm', cmd: ['AUTH', 'secret'] }, { c: 'm', cmd: ['QUIT'], closes: true },
  { c: 'q', cmd: ['QUIT'], closes: true, note: 'QUIT needs no authentication' },
  ['PING'], ['CONFIG', 'SET', 'requirepass', ''], { c: 'z', cmd: ['PING'] }, ['AUTH', 'secret'],
];

const quitReset: Step[] = [
  ['SELECT', '2'], ['CLIENT', 'SETNAME', 'me'], { cmd: ['HELLO', '3'], norm: helloNorm },
  ['RESET'], ['CLIENT', 'GETNAME'], ['DBSIZE'], ['GET', 'nope'], ['RESET', 'x'],
  { cmd: ['CLIENT', 'INFO'], norm: fields }, { cmd: ['CLIENT', 'REPLY', 'OFF'], noReply: true },
  { cmd: ['RESET'], note: 'RESET turns replies back on' },
  ['PING'],
  { cmd: ['QUIT'], closes: true }, ['PING'],
  { cmd: ['QUIT', 'extra', 'args'], closes: true }, ['PING'],
  { raw: 'QUIT\r\n', closes: true, note: 'inline QUIT' },
  { raw: '*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n', replies: 3, closes: true, note: 'nothing is executed after QUIT' },
];

const client: Step[] = [
  { cmd: ['CLIENT', 'ID'], norm: intShape }, ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', 'alpha'], ['CLIENT', 'GETNAME'],
  ['CLIENT', 'SETNAME', 'a b'], ['CLIENT', 'SETNAME', 'a\nb'], ['CLIENT', 'SETNAME', Buffer.from([0xff])], ['CLIENT', 'SETNAME', ''],
  ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', 'alpha'], ['CLIENT', 'SETNAME'], ['CLIENT', 'SETNAME', 'a', 'b'],
  ['CLIENT', 'GETNAME', 'x'], ['CLIENT', 'ID', 'x'], ['CLIENT'], ['CLIENT', 'FOO'], ['CLIENT', 'foo', 'bar'],
  { cmd: ['CLIENT', 'HELP'], norm: arrayShape }, { cmd: ['CLIENT', 'INFO'], norm: fields }, ['CLIENT', 'INFO', 'x'],
  { c: 'b', cmd: ['CLIENT', 'SETNAME', 'beta'] }, { c: 'b', cmd: ['SELECT', '3'] },
  { c: 'b', cmd: ['CLIENT', 'ID'], save: 'idB', extract: /^:(\d+)/, norm: intShape },
  { c: 'b', cmd: ['CLIENT', 'INFO'], save: 'addrB', extract: /addr=(\S+)/, norm: fields },
  { cmd: ['CLIENT', 'LIST'], norm: [fields], note: 'connections a and b' },
  { cmd: ['CLIENT', 'LIST', 'TYPE', 'normal'], norm: fields }, ['CLIENT', 'LIST', 'TYPE', 'pubsub'], ['CLIENT', 'LIST', 'TYPE', 'master'],
  ['CLIENT', 'LIST', 'TYPE', 'replica'], ['CLIENT', 'LIST', 'TYPE', 'foo'], ['CLIENT', 'LIST', 'FOO'],
  { cmd: ['CLIENT', 'LIST', 'ID', v('idB')], norm: fields }, ['CLIENT', 'LIST', 'ID', 'abc'], ['CLIENT', 'LIST', 'ID', '0'],
  ['CLIENT', 'LIST', 'ID', '999999'],
  // CLIENT KILL, new and old style
  ['CLIENT', 'KILL', 'ID', '999999'], ['CLIENT', 'KILL', '1.2.3.4:5'], ['CLIENT', 'KILL', 'ADDR', '1.2.3.4:5'],
  ['CLIENT', 'KILL', 'ID', 'abc'], ['CLIENT', 'KILL', 'FOO', 'bar'], ['CLIENT', 'KILL', 'ID'], ['CLIENT', 'KILL', 'TYPE', 'foo'],
  ['CLIENT', 'KILL', 'SKIPME', 'maybe'], ['CLIENT', 'KILL'], ['CLIENT', 'KILL', 'TYPE', 'pubsub'],
  ['CLIENT', 'KILL', 'ID', v('idB')], { c: 'b', expectClosed: true }, { c: 'b', cmd: ['CLIENT', 'GETNAME'] },
  { c: 'b', cmd: ['CLIENT', 'INFO'], save: 'addrB', extract: /addr=(\S+)/, norm: fields },
  ['CLIENT', 'KILL', v('addrB')], { c: 'b', expectClosed: true },
  { c: 'b', cmd: ['CLIENT', 'INFO'], save: 'addrB', extract: /addr=(\S+)/, norm: fields },
  ['CLIENT', 'KILL', 'ADDR', v('addrB'), 'SKIPME', 'yes'], { c: 'b', expectClosed: true },
  { c: 'b', cmd: ['CLIENT', 'SETNAME', 'victim'] }, ['CLIENT', 'KILL', 'USER', 'nosuchuser'], ['CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'yes'],
  { c: 'b', expectClosed: true }, ['PING'],
  { c: 'c', cmd: ['PING'] }, ['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'],
  { c: 'c', expectClosed: true }, { cmd: ['CLIENT', 'LIST'], norm: fields },
  // CLIENT REPLY
  ['CLIENT', 'REPLY', 'ON'], { cmd: ['CLIENT', 'REPLY', 'OFF'], noReply: true }, { cmd: ['SET', 'r', '1'], noReply: true },
  { cmd: ['GET', 'r'], noReply: true }, ['CLIENT', 'REPLY', 'ON'], ['GET', 'r'],
  { cmd: ['CLIENT', 'REPLY', 'SKIP'], noReply: true }, { cmd: ['INCR', 'r'], noReply: true }, ['GET', 'r'],
  ['CLIENT', 'REPLY', 'FOO'], ['CLIENT', 'REPLY'], ['CLIENT', 'REPLY', 'ON', 'x'],
  // CLIENT NO-EVICT
  ['CLIENT', 'NO-EVICT', 'on'], ['CLIENT', 'NO-EVICT', 'OFF'], ['CLIENT', 'NO-EVICT', 'maybe'], ['CLIENT', 'NO-EVICT'],
  { cmd: ['CLIENT', 'NO-EVICT', 'ON'] }, { cmd: ['CLIENT', 'INFO'], norm: fields }, ['CLIENT', 'NO-EVICT', 'off'],
  // CLIENT NO-TOUCH / SETINFO (7.2+): expected 7.4 bytes
  { cmd: ['CLIENT', 'NO-TOUCH', 'on'], expect: '+OK\r\n', why: 'CLIENT NO-TOUCH is 7.2+' },
  { cmd: ['CLIENT', 'NO-TOUCH', 'off'], expect: '+OK\r\n', why: 'CLIENT NO-TOUCH is 7.2+' },
  { cmd: ['CLIENT', 'NO-TOUCH', 'x'], expect: '-ERR syntax error\r\n', why: 'CLIENT NO-TOUCH is 7.2+' },
  { cmd: ['CLIENT', 'SETINFO', 'lib-name', 'mylib'], expect: '+OK\r\n', why: 'CLIENT SETINFO is 7.2+' },
  { cmd: ['CLIENT', 'SETINFO', 'lib-ver', '1.2.3'], expect: '+OK\r\n', why: 'CLIENT SETINFO is 7.2+' },
  { cmd: ['CLIENT', 'SETINFO', 'lib-name', 'my lib'], expect: '-ERR lib-name cannot contain spaces, newlines or special characters.\r\n', why: 'CLIENT SETINFO is 7.2+' },
  { cmd: ['CLIENT', 'SETINFO', 'foo', 'x'], expect: "-ERR Unrecognized option 'foo'\r\n", why: 'CLIENT SETINFO is 7.2+' },
  { cmd: ['CLIENT', 'SETINFO', 'lib-name'], expect: "-ERR wrong number of arguments for 'client|setinfo' command\r\n", why: 'CLIENT SETINFO is 7.2+' },
];

defineDiffSuite('compat: connection', {
  pingEchoSelect, hello, auth, quitReset, client,
});
