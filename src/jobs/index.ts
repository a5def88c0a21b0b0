import './import.job.js';

export { jobRunner, resumeInterruptedJobs, startJob } from './job-runner.js';
