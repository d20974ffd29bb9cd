// globalSetup of the interop project: one line when the third-party images are not here, so a
// run without them says what it did not test (the suite's tests are then skipped, exit 0).
import { THIRD_PARTY_IMAGES, THIRD_PARTY_PRESENT } from './third-party.ts';

export default function setup(): void {
  if (!THIRD_PARTY_PRESENT)
    process.stdout.write(
      `interop: skipped, no third-party images at ${THIRD_PARTY_IMAGES} (set EASEL_INTEROP_FIXTURES to their folder to run it)\n`,
    );
}
