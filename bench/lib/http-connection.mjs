/**
 * One keep-alive HTTP/1.1 connection that POSTs a body and reads the answer, written on node:net because
 * node:http's client cost about 350 µs of CPU per request on the 2-core development machine, more than the
 * bench's budget of well under 100 µs (the load generator shares the cores with the STS). It understands what
 * the STS sends: a status line, headers, and a Content-Length body (or chunked, read to the last chunk);
 * `Connection: close` (the STS's `maxRequestsPerSocket`) makes the next request open a new connection.
 */
import { connect } from 'node:net';

const HEAD_END = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('\r\n0\r\n\r\n');

export class HttpConnection {
  #socket;
  #host;
  #port;
  #head;
  #chunks = [];
  #length = 0;
  #pending;

  /** `headers` is the request head without Content-Length, e.g. `POST /p HTTP/1.1\r\nHost: …\r\n`. */
  constructor(host, port, headers) {
    this.#host = host;
    this.#port = port;
    this.#head = headers;
  }

  /** @returns {Promise<{ status: number, body: Buffer }>} The body stays bytes: decoding every answer to a string cost the client more than the search the bench makes in it. */
  post(body) {
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      const socket = this.#socket ?? this.#open();
      socket.write(`${this.#head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  close() {
    this.#socket?.destroy();
    this.#socket = undefined;
  }

  #open() {
    const socket = connect({ host: this.#host, port: this.#port, noDelay: true });
    this.#socket = socket;
    this.#chunks = [];
    this.#length = 0;
    socket.on('data', (chunk) => this.#onData(chunk));
    const fail = (error) => {
      // A socket this connection already replaced (after `Connection: close`) closes later: not our request.
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.reject(error ?? new Error('connection closed before the answer'));
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    return socket;
  }

  #onData(chunk) {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    const data = this.#chunks.length === 1 ? chunk : Buffer.concat(this.#chunks, this.#length);
    if (this.#chunks.length > 1) this.#chunks = [data];
    const headEnd = data.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = data.toString('latin1', 0, headEnd);
    const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const bodyStart = headEnd + 4;
    let body;
    if (lengthMatch) {
      const end = bodyStart + Number(lengthMatch[1]);
      if (data.length < end) return;
      body = data.subarray(bodyStart, end);
    } else {
      // Chunked: wait for the last chunk, then drop the size lines (the bench only searches the text).
      if (data.length < bodyStart + 5 || data.indexOf(LAST_CHUNK, bodyStart) < 0) return;
      body = Buffer.from(data.toString('utf8', bodyStart).replace(/\r\n[0-9a-fA-F]+\r\n/g, ''), 'utf8');
    }
    this.#chunks = [];
    this.#length = 0;
    if (/\r\nconnection:\s*close/i.test(head)) this.close();
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.resolve({ status: Number(head.slice(9, 12)), body });
  }
}
