/**
 * The app's policies: the recommended production policies, adapted to a
 * server without an LLM sanitizer.
 * @module
 */
import { definePolicies, recommendedPolicies } from '@agentos/policy';

/**
 * Recommended policies minus `sanitize_with_dual_llm`.
 *
 * The recommended set asks for `mark_as_untrusted + sanitize_with_dual_llm`
 * on `docker_logs`. This app configures no sanitizer (no LLM), and the
 * runtime fails secure: an output that needs a sanitizer it does not have is
 * withheld — so every `docker_logs` call would be blocked and the dashboard's
 * "Send Alert" could not even show the logs on screen. We drop the sanitizer
 * rule and keep `mark_as_untrusted`, so logs are readable by the signed-in
 * operator and still taint everything downstream: `slack_notify`,
 * `email_send` and `webhook_post` stay blocked for that data
 * (`block_when_context_is_untrusted`). Configure a sanitizer (see
 * `@agentos/agent`) before putting the rule back.
 * @example
 * ```ts
 * const runtime = createRuntime({ registry, policies: appPolicies });
 * ```
 */
export const appPolicies = definePolicies({
  invocation: recommendedPolicies.toJSON().invocation,
  trustedData: (recommendedPolicies.toJSON().trustedData ?? []).filter((p) => p.action !== 'sanitize_with_dual_llm'),
});
