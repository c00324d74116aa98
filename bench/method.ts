// How each figure of BENCHMARKS.md is measured (the closing text of that file).
export const METHOD = `## How it is measured

- **Idle RSS** (\`bench/idle-rss.ts\`): a temporary project with 10 apps (one small long-lived app
  file that imports \`opsbot\` and waits for a chat command), started with \`bin/opsbot start\`
  (timed until it returns, and until \`opsbot status --json\`, polled back to back, shows all 10
  running); then it idles 10 s and reads \`VmRSS\` (and \`Pss\`) from \`/proc\` for the daemon and
  every process below it. VmRSS counts pages shared between processes (the Node binary, for one) in
  every process; PSS splits them. Then \`bin/opsbot status --json\` is run 8 times, one after
  another. The same again with the top-level \`isolation: thread\` (apps as worker threads); when
  the config rejects that key (\`opsbot config check\`), the row says "not available".
- **PM2 reference** (\`bench/pm2.ts\`): \`npm install --prefix <temp> pm2@<pinned>\` from the npm
  registry, its own \`PM2_HOME\` in that folder and the same Node first on \`PATH\`; \`pm2 start\` of
  an ecosystem file with 10 scripts \`setInterval(() => {}, 1e9)\` (timed until it returns, and until
  \`pm2 jlist\` shows all online), 10 s idle, the same \`/proc\` sums over PM2's daemon and every
  process below it, then \`pm2 jlist\` 8 times; \`pm2 kill\` and the folder is removed.
- **CLI start-up** (\`bench/lighter.ts\`): \`bin/opsbot --help\` 8 times, then \`node -e 0\` (the
  same Node) 8 times: the least any Node command takes on this machine. Medians are reported.
- **Scheduler lateness** (\`bench/scheduler-lateness.ts\`): the real \`Scheduler\` on the system
  clock, in-process, with 200 jobs on \`* * * * * *\` for 10 s. Each fire records
  \`Date.now() - scheduledAt\` and resolves at once, so only the scheduler is measured.
- **Webhooks** (\`bench/hooks.ts\`): the real daemon started with the CLI, with no apps and a
  sandbox connection that has a \`secret\`, so every request is HMAC-verified, deduplicated and
  written to the SQLite inbox before it is acknowledged. Bodies are
  \`{"id":"<unique>","channel":"bench","user":"u","text":"hello"}\`, signed in advance.
  - Open loop: requests are sent at fixed instants (1,000 per second) over keep-alive connections
    whether or not earlier ones were answered; latency runs from each request's scheduled send
    time to the end of its response, so queueing counts. The first 2 s are a warm-up on the same
    connections and are not counted.
  - Closed loop: 32 keep-alive connections, each sending its next request when the previous one
    is answered, for 5 s.
  - Floor: just before, the same open loop and then the same closed loop (same client, same 32
    connections, same seconds) run against a bare \`node:http\` server (its own process) that only
    answers 200. Whatever latency it shows is the machine's and the load generator's, not opsbot's;
    its closed-loop throughput is the reference for the daemon's.
  - Postgres: the open loop again (5 s measured) with \`store:\` a fresh database of its own on
    127.0.0.1:5432 (created by the bench, dropped afterwards); inbox rows are counted there.
  - After each phase the bench counts the inbox rows in \`<dataDir>/opsbot.db\` (with \`node:sqlite\`):
    they must equal the acknowledged events. Then 100 events are re-sent: they must be answered
    200 and add no rows.
- **NAVER WORKS callbacks** (\`bench/works.ts\`, same open loop but 5 s measured, same closed loop): a \`naverworks\`
  connection; bodies are the platform's callback JSON (spaced, with Korean text) with
  \`X-WORKS-BotId\` and a base64 HMAC-SHA256 \`X-WORKS-Signature\`, checked over the raw bytes.
  No floor phase (the sandbox one above is on the same machine).
- **NAVER WORKS sends** (\`bench/works.ts\`): the real daemon with two service-account connections,
  each pointing at its own NAVER WORKS emulator (in the bench process). An app queues the messages
  with \`ctx.notify\` (flex bubbles) in batches of 100; the figure runs from that HTTP request to the
  last message the emulator accepted. "No rate limit" sets \`rateLimit: 10000000\`; "240/min" keeps
  the connection's default and the emulator enforces 240 per minute too (any overshoot would be a
  429). The limiter lets a 3-second burst through first, so the steady rate is measured after it.
- **market-alert** (\`bench/market-alert.ts\`): the real daemon with two \`builtin:market-alert\` apps
  (FEP listener with \`ack: true\`, coalescing off). Ingest: 5,000 frames over 10 connections with
  up to 64 unacknowledged frames each; "stored" is first write to last ACK (each ACK follows the
  journal write), "routed" until the app's counters show every alert handed to the outbox (a
  sandbox target). Burst: 10,000 frames to an app whose target is a NAVER WORKS connection
  (service account, no rate limit) on the emulator; timed to the last message it accepted, and
  10,000 divided by that time is the alerts/s figure.
- **Test suite**: \`scripts/run-tests\` (the test lanes of \`make test\`) writes its start, end and
  outcome to \`.cache/last-test-run.json\`; the bench reads that file and does not run the suite.
- **network-checker** (\`bench/network.ts\`): 500 SNMP agents (net-snmp, one UDP port each, 24
  ports) in the bench process; the app runs through \`opsbot/testing\`: a first cycle records, one
  port goes down, and the second cycle (every device polled and compared, concurrency 50) is timed.
`;
