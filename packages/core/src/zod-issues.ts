/** @internal zod issues → `{ path, message }`, shared with the policy package's wording. */
export { describeZodIssues as describeIssues } from '@agentos/policy';
