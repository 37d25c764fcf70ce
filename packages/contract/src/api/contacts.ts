// Placeholder: the contacts schemas are being written (issue 3).
export {};
