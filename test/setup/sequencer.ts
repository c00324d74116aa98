import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files known to take minutes by design start first, so the other worker runs the rest meanwhile
 * instead of everything waiting for them at the end (the cluster rate-limit test sends 600 messages
 * at 120 a minute: five minutes whatever the machine).
 */
const LONG = [/cluster-rate-limit\.test\.ts$/];

export class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const long = (file: TestSpecification) => LONG.some((re) => re.test(file.moduleId));
    return [...sorted.filter(long), ...sorted.filter((f) => !long(f))];
  }
}
