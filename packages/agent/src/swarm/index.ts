/**
 * The agent swarm: a coordinator and role agents whose tool sets the runtime enforces.
 * @module
 */
export { createSwarm, defaultSwarmRoles } from './swarm.js';
export type { Swarm, SwarmOptions, SwarmRole, SwarmMember, SwarmEvent, SwarmAnswer, SwarmRun, AssignmentResult } from './swarm.js';
export { coordinate, buildCoordinatorMessages, checkAssignments, AssignmentSchema, CoordinatorReplySchema, COORDINATOR_RULES } from './coordinator.js';
export type { Assignment, CoordinatorReply, RoleCard } from './coordinator.js';
export { RoleToolRegistry } from './role-registry.js';
