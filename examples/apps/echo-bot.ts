import { defineApp } from 'opsbot';

/** A chat command bot: answers /help, /echo and /count in whatever channel it is asked. */
export default defineApp({
  description: 'Answers chat commands',
  async start(ctx) {
    ctx.onCommand('help', (cmd) =>
      cmd.reply({
        title: 'Commands',
        text: 'What I can do:',
        fields: [
          { name: '/echo TEXT', value: 'repeat TEXT' },
          { name: '/count', value: 'how many commands I have answered' },
        ],
      }),
    );
    ctx.onCommand('echo', async (cmd) => {
      await ctx.store.set('answered', ((await ctx.store.get<number>('answered')) ?? 0) + 1);
      await cmd.reply(cmd.args.join(' ') || '(nothing to echo)');
    });
    ctx.onCommand('count', async (cmd) => {
      const answered = (await ctx.store.get<number>('answered')) ?? 0;
      await cmd.reply(`${cmd.user}, I have echoed ${answered} message(s).`);
    });
  },
});
