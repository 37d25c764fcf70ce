// Placeholder: the api-keys schemas are being written (issue 3).
export {};
