// vmcloud-agent: one per hypervisor node (the host arrives with the agent's hosting work).
return 0;
