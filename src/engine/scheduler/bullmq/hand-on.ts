import { type ConnectionOptions, DelayedError, type Job, Queue, Worker } from 'bullmq';
import { errorMessage } from '../../../platform/errors.ts';
import type { Logger } from '../../../platform/log.ts';

/** A node that cannot place an occurrence yet (nobody runs the app) looks again this much later. */
const RETRY_DELAY = 500;

export interface HandOnOptions {
  connection: ConnectionOptions;
  prefix: string;
  /** This node's id: its own queue is `to-<node>`. */
  node: string;
  /** The node that runs the job's app now (a singleton's lease holder), if one is known. */
  runnerOf(id: string): Promise<string | undefined>;
  /** Whether this node can run the job now. */
  canRun(id: string): boolean;
  /** Runs an occurrence handed to this node (the usual claim, calendars, overlap and missed checks). */
  run(id: string, scheduledAt: number): Promise<void>;
  log: Logger;
}

interface Handed {
  id: string;
  scheduledAt: number;
}

/**
 * Occurrences a node took but cannot run (the app is a singleton on standby here) go to the node
 * that runs the app, through that node's own queue, rather than back to the shared queue where any
 * node — this one again — might take them. Nothing is claimed until the runner node has it, so an
 * occurrence handed to a node that dies is handed on again after BullMQ's stalled check.
 */
export class HandOn {
  private readonly options: HandOnOptions;
  private readonly queues = new Map<string, Queue>();
  private worker: Worker | undefined;

  constructor(options: HandOnOptions) {
    this.options = options;
  }

  start(): void {
    const { connection, prefix, node } = this.options;
    this.worker = new Worker(queueName(node), (job, token) => this.arrived(job, token), {
      connection,
      prefix,
      concurrency: 50,
    });
    this.worker.on('error', (err) =>
      this.options.log.warn({ err: errorMessage(err) }, 'hand-on worker error'),
    );
  }

  /** Sends the occurrence to the node running the app; false when no other node is known to run it. */
  async pass(id: string, scheduledAt: number): Promise<boolean> {
    const target = await this.options.runnerOf(id);
    if (!target || target === this.options.node) return false;
    const data: Handed = { id, scheduledAt };
    // The id makes a second hand-over of the same occurrence (after a stall) a no-op.
    await this.queueFor(target).add('occurrence', data, {
      jobId: `${encodeURIComponent(id)}@${scheduledAt}`,
      removeOnComplete: true,
      removeOnFail: true,
    });
    this.options.log.debug(
      { job: id, scheduledAt, to: target },
      'occurrence handed to the node running the app',
    );
    return true;
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }

  private async arrived(job: Job, token: string | undefined): Promise<void> {
    const { id, scheduledAt } = job.data as Handed;
    if (this.options.canRun(id)) return this.options.run(id, scheduledAt);
    // The app moved on (its lease changed hands) while the occurrence travelled.
    if (await this.pass(id, scheduledAt)) return;
    await job.moveToDelayed(Date.now() + RETRY_DELAY, token);
    throw new DelayedError();
  }

  private queueFor(node: string): Queue {
    let queue = this.queues.get(node);
    if (!queue) {
      queue = new Queue(queueName(node), {
        connection: this.options.connection,
        prefix: this.options.prefix,
      });
      queue.on('error', (err) => this.options.log.warn({ err: errorMessage(err) }, 'hand-on queue error'));
      this.queues.set(node, queue);
    }
    return queue;
  }
}

function queueName(node: string): string {
  return `to-${node}`;
}
