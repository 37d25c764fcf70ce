// Placeholder: the users schemas are being written (issue 3).
export {};
