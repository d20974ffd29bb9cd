// The regions offered in the profile/region pickers: where Bedrock's image models are commonly
// available. The profile's own region (or the one chosen earlier) is always offered too.
export const IMAGE_MODEL_REGIONS: readonly string[] = [
  'us-east-1',
  'us-west-2',
  'eu-central-1',
  'eu-west-1',
  'ap-northeast-1',
  'ap-south-1',
];

export function regionChoices(current: string | null): readonly string[] {
  return current !== null && !IMAGE_MODEL_REGIONS.includes(current)
    ? [current, ...IMAGE_MODEL_REGIONS]
    : IMAGE_MODEL_REGIONS;
}
