import type { AppContext, IncomingEvent, PortableMessage } from 'opsbot';
import { busyMessage, droppedMessage, nothingToEnterMessage, queuedMessage } from './messages.ts';
import type { Options } from './options.ts';
import { People } from './people.ts';
import { personOf, type Registration, registrationForm } from './registration-form.ts';
import { type Job, runJob } from './run.ts';
import type { RunQueue } from './run-queue.ts';
import type { Runner } from './runner.ts';
import { connectionOf } from './slack.ts';
import { type CalendarView, checkTimeCard, type TimeCardAnswers, timeCardForm } from './timecard-form.ts';
import {
  forgottenMessage,
  helpMessage,
  notRegisteredMessage,
  registeredMessage,
  registrationMessage,
  unknownWordMessage,
} from './words.ts';

/** Who answered a form, as ctx.onForm tells it. */
interface From {
  user: string;
  replyTo: string;
}

/** What the command, the shortcut and the two forms do. */
export class Handlers {
  readonly #ctx: AppContext<Options>;
  readonly #people: People;
  readonly #view: CalendarView;
  readonly #queue: RunQueue;
  readonly #runner: Runner;

  constructor(ctx: AppContext<Options>, view: CalendarView, queue: RunQueue, runner: Runner) {
    this.#ctx = ctx;
    this.#people = new People(ctx as AppContext);
    this.#view = view;
    this.#queue = queue;
    this.#runner = runner;
  }

  get #command(): string {
    return this.#ctx.options.command;
  }

  /** The command alone or the shortcut: register first, else the time card. */
  async open(event: IncomingEvent): Promise<void> {
    const person = await this.#people.get(event.user);
    const page = this.#ctx.options.passwordEntry === 'page';
    // Not awaited: the answers arrive through ctx.onForm, also after a restart.
    if (person) void this.#ctx.form(event, timeCardForm(this.#view, page));
    else void this.#ctx.form(event, registrationForm());
  }

  async word(event: IncomingEvent, word: string): Promise<void> {
    const say = (message: PortableMessage) => event.reply(message);
    switch (word) {
      case 'me':
        return say(registrationMessage(await this.#people.get(event.user), this.#command));
      case 'edit':
        return void this.#ctx.form(event, registrationForm(await this.#people.get(event.user)));
      case 'forget':
        return say(forgottenMessage(await this.#people.delete(event.user)));
      case 'help':
        return say(helpMessage(this.#command));
      default:
        return say(unknownWordMessage(this.#command, word));
    }
  }

  async registered(answers: Registration, from: From): Promise<void> {
    const person = personOf(answers, { slackUser: from.user, connection: connectionOf(from.replyTo) });
    await this.#people.save(person);
    this.#ctx.log.info({ user: from.user }, 'attendance registration saved');
    await this.#ctx.notify(from.replyTo, registeredMessage(person, this.#command));
  }

  /** Checks the answers again (they may arrive after a restart), then queues the run. */
  async timeCard(answers: TimeCardAnswers, from: From): Promise<void> {
    const tell = (message: PortableMessage) => this.#ctx.notify(from.replyTo, message);
    const person = await this.#people.get(from.user);
    if (!person) return void (await tell(notRegisteredMessage(this.#command)));
    if (!answers.password) {
      return void (await tell({
        text: `비밀번호가 전달되지 않았습니다. /${this.#command} 로 다시 요청하세요.`,
      }));
    }
    const plan = await checkTimeCard(answers, this.#view, { start: person.startTime, end: person.endTime });
    if ('errors' in plan) return void (await tell({ text: Object.values(plan.errors).join('\n') }));
    if (plan.days.length === 0) return void (await tell(nothingToEnterMessage(plan)));
    const job: Job = { person, replyTo: from.replyTo, password: answers.password, plan };
    const admission = this.#queue.submit(
      person.slackUser,
      () => runJob({ ctx: this.#ctx, runner: this.#runner }, job),
      () => void tell(droppedMessage(this.#command)).catch(() => {}),
    );
    if (admission.state === 'busy') await tell(busyMessage());
    if (admission.state === 'queued') await tell(queuedMessage(admission.ahead));
  }
}
