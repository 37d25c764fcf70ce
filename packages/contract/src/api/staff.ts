// Placeholder: the staff schemas are being written (issue 3).
export {};
