import { type AppContext, defineApp, defineForm } from 'opsbot';

/**
 * A form bot: "/pick" asks for a day (which must be in the future), a half-day slot and the
 * person's system password, then confirms the booking. The password is a secret field: it is never
 * logged or stored, and the app only gets it in memory. Answers given while the app restarts
 * still arrive, because the form has a key and an onForm handler.
 */

function pickForm(ctx: AppContext) {
  // Today as YYYY-MM-DD in the daemon's timezone (the app process runs with TZ set).
  const today = () => new Date(ctx.clock.now()).toLocaleDateString('sv-SE');
  return defineForm({
    key: 'pick',
    title: '근무일 선택',
    text: '출근할 날짜와 시간대를 고르세요.',
    fields: [
      { name: 'day', type: 'date', label: '날짜', required: true, hint: '오늘 이후의 날짜' },
      {
        name: 'slot',
        type: 'select',
        label: '시간대',
        required: true,
        default: 'am',
        choices: [
          { value: 'am', label: '오전' },
          { value: 'pm', label: '오후' },
        ],
      },
      { name: 'note', type: 'multiline', label: '메모', placeholder: '전달할 내용 (선택)' },
      { name: 'password', type: 'secret', label: '사내 시스템 비밀번호', required: true },
    ],
    validate: (answers) => {
      if (answers.day <= today()) return { day: '오늘 이후의 날짜를 고르세요.' };
      if (answers.password.length < 4) return { password: '비밀번호를 확인하세요.' };
      return null;
    },
  });
}

export default defineApp({
  description: 'Books a work day through a form',
  async start(ctx) {
    const form = pickForm(ctx as AppContext);
    ctx.onForm(form, async (answers, from) => {
      // The password would go to the time-card system here; it is never stored or echoed.
      await ctx.store.set(`pick:${from.user}`, { day: answers.day, slot: answers.slot });
      const slot = answers.slot === 'am' ? '오전' : '오후';
      await from.reply({
        title: '예약 완료',
        text: `${from.user}님, ${answers.day} ${slot} 근무로 예약했습니다.`,
        severity: 'success',
      });
    });
    // Not awaited: the answer goes to the onForm handler above, also after a restart.
    ctx.onCommand('pick', (cmd) => void ctx.form(cmd, form));
  },
});
