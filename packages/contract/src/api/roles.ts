// Placeholder: the roles schemas are being written (issue 3).
export {};
