// A fake clock for a child process (`node --import` this file): Date reads the real time plus
// EASEL_TEST_CLOCK_SHIFT_MS, so a CLI run can happen "on the 4th of the month" whatever today is.
// Only for commands that call no signed AWS endpoint (the emulator refuses skewed signatures).
const shift = Number(process.env.EASEL_TEST_CLOCK_SHIFT_MS ?? '0');
const RealDate = Date;

class ShiftedDate extends RealDate {
  constructor(...args: ConstructorParameters<DateConstructor> | []) {
    if (args.length === 0) super(RealDate.now() + shift);
    else super(...(args as ConstructorParameters<DateConstructor>));
  }
  static override now(): number {
    return RealDate.now() + shift;
  }
}

globalThis.Date = ShiftedDate as DateConstructor;
