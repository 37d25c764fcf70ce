// Placeholder: the audit schemas are being written (issue 3).
export {};
